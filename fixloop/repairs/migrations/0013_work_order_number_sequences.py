"""On PostgreSQL, work-order numbers come from one SEQUENCE per prefix (per year), created on demand
by the function below: `nextval` takes no row lock, so openings no longer wait for each other's
commit. The NumberSequence row marks the prefix in use and is the floor a new sequence starts above
(numbers handed out before this migration). Nothing changes on SQLite (the row is the counter)."""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION fixloop_work_order_sequence(p_prefix text) RETURNS regclass
LANGUAGE plpgsql AS $$
DECLARE
    seq text := 'repairs_work_order_number_' || regexp_replace(lower(p_prefix), '[^a-z0-9]', '_', 'g');
    floor_value bigint;
    inserted integer;
BEGIN
    IF to_regclass(seq) IS NOT NULL
       AND EXISTS (SELECT 1 FROM repairs_numbersequence WHERE prefix = p_prefix) THEN
        RETURN seq::regclass;
    END IF;
    -- First use of the prefix (or its row was deleted): one transaction sets the sequence up,
    -- others wait for the row's lock and then find it.
    INSERT INTO repairs_numbersequence (prefix, last_value) VALUES (p_prefix, 0)
        ON CONFLICT (prefix) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    SELECT last_value INTO floor_value FROM repairs_numbersequence WHERE prefix = p_prefix FOR UPDATE;
    IF inserted = 1 THEN
        EXECUTE format('DROP SEQUENCE IF EXISTS %I', seq);
    END IF;
    IF to_regclass(seq) IS NULL THEN
        EXECUTE format('CREATE SEQUENCE %I START WITH %s', seq, floor_value + 1);
    END IF;
    RETURN seq::regclass;
END $$;

CREATE OR REPLACE FUNCTION fixloop_next_work_order_counter(p_prefix text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    seq regclass := fixloop_work_order_sequence(p_prefix);
    counter bigint;
BEGIN
    LOOP  -- skips numbers already used (e.g. imported from other shop software)
        counter := nextval(seq);
        EXIT WHEN NOT EXISTS (
            SELECT 1 FROM repairs_workorder
            WHERE number = p_prefix || CASE WHEN counter < 100000 THEN lpad(counter::text, 5, '0')
                                            ELSE counter::text END
        );
    END LOOP;
    RETURN counter;
END $$;

CREATE OR REPLACE FUNCTION fixloop_reserve_work_order_counters(p_prefix text, p_count bigint, p_after bigint)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    seq regclass := fixloop_work_order_sequence(p_prefix);
    handed_out bigint;
    called boolean;
    start_value bigint;
BEGIN
    PERFORM 1 FROM repairs_numbersequence WHERE prefix = p_prefix FOR UPDATE;
    EXECUTE format('SELECT last_value, is_called FROM %s', seq) INTO handed_out, called;
    IF NOT called THEN
        handed_out := handed_out - 1;
    END IF;
    start_value := greatest(handed_out, p_after);
    PERFORM setval(seq, start_value + p_count);
    RETURN start_value + 1;
END $$;
"""

DROP = """
DROP FUNCTION IF EXISTS fixloop_reserve_work_order_counters(text, bigint, bigint);
DROP FUNCTION IF EXISTS fixloop_next_work_order_counter(text);
DROP FUNCTION IF EXISTS fixloop_work_order_sequence(text);
"""


def create_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FUNCTIONS)  # no parameters: the '%' of format() stay as written


def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("repairs", "0012_merge_integration_actor")]

    operations = [migrations.RunPython(create_functions, drop_functions)]
