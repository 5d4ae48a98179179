import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('messaging', '0001_initial'),
        ('repairs', '0002_initial'),
        ('shop', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RegionNotifications',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('active', models.BooleanField(default=False, help_text="Nothing is sent to this region's customers while this is off, whatever the events say.", verbose_name='send client notifications')),
                ('reply_to', models.CharField(blank=True, help_text="Where customers' answers to the e-mail go, e.g. the branch's service desk.", max_length=254, verbose_name='Reply-To address')),
                ('portal_url', models.URLField(blank=True, help_text="Leave empty to use the site's address. When set, it is the {{ portal_link }} placeholder and the tracking links in this region's messages start with it.", max_length=300, verbose_name='portal / tracking address')),
                ('flip_flop_hours', models.PositiveSmallIntegerField(default=12, help_text='A status that comes back within this many hours is not notified again. 0: every change is notified.', validators=[django.core.validators.MaxValueValidator(168)], verbose_name='quiet window for repeated statuses (hours)')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('region', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='shop.region', verbose_name='region')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'client notification settings',
                'verbose_name_plural': 'client notification settings',
                'ordering': ['region__name'],
            },
        ),
        migrations.CreateModel(
            name='NotificationDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True)),
                ('event', models.CharField(choices=[('service_request.accepted', 'Service request accepted'), ('service_request.rejected', 'Service request rejected'), ('workorder.opened', 'New work order'), ('workorder.status_changed', 'Work order status changed'), ('workorder.closed', 'Work order closed'), ('workorder.follow_up', 'Follow-up after closing')], max_length=60, verbose_name='event')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('changed_at', models.DateTimeField(blank=True, null=True)),
                ('message', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notification_decisions', to='messaging.message')),
                ('service_request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notification_decisions', to='repairs.servicerequest')),
                ('status', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='repairs.status')),
                ('work_order', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notification_decisions', to='repairs.workorder')),
            ],
            options={
                'verbose_name': 'notification decision',
                'verbose_name_plural': 'notification decisions',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['work_order', 'event', '-created_at'], name='messaging_n_work_or_9c2a9c_idx'), models.Index(fields=['service_request', '-created_at'], name='messaging_n_service_02bca0_idx')],
            },
        ),
        migrations.CreateModel(
            name='NotificationRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event', models.CharField(choices=[('service_request.accepted', 'Service request accepted'), ('service_request.rejected', 'Service request rejected'), ('workorder.opened', 'New work order'), ('workorder.status_changed', 'Work order status changed'), ('workorder.closed', 'Work order closed'), ('workorder.follow_up', 'Follow-up after closing')], max_length=60, verbose_name='event')),
                ('active', models.BooleanField(default=False, verbose_name='active')),
                ('attach_report', models.BooleanField(default=False, help_text='E-mail only; a text message cannot carry a file.', verbose_name='attach the work-order report (PDF)')),
                ('follow_up_days', models.PositiveSmallIntegerField(default=7, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)], verbose_name='days after closing')),
                ('subject_en', models.CharField(blank=True, max_length=300, verbose_name='e-mail subject (English)')),
                ('body_en', models.TextField(blank=True, verbose_name='e-mail text (English)')),
                ('sms_en', models.TextField(blank=True, verbose_name='text message (English)')),
                ('subject_de', models.CharField(blank=True, max_length=300, verbose_name='e-mail subject (German)')),
                ('body_de', models.TextField(blank=True, verbose_name='e-mail text (German)')),
                ('sms_de', models.TextField(blank=True, verbose_name='text message (German)')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('statuses', models.ManyToManyField(blank=True, help_text='Only a change to one of these statuses sends a message.', related_name='+', to='repairs.status', verbose_name='statuses that are notified')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('region_notifications', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rules', to='messaging.regionnotifications')),
            ],
            options={
                'verbose_name': 'client notification rule',
                'verbose_name_plural': 'client notification rules',
                'ordering': ['region_notifications', 'event'],
                'constraints': [models.UniqueConstraint(fields=('region_notifications', 'event'), name='one_rule_per_region_and_event')],
            },
        ),
    ]
