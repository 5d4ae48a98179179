urlpatterns = []; app_name='backoffice'
