"""Pinyin of every stored name again, the surname now read on its own (``surname_head``):
searches bound the pinyin index by the surname's readings, which holds only if every stored
pinyin follows the rule. Only rows whose pinyin changes are written."""

from django.db import migrations

BATCH = 2000


def reread(apps, schema_editor):
    from shequ.core.pinyin import name_pinyin

    Person = apps.get_model("people", "Person")
    changed = []
    rows = Person.objects.values_list("id", "name", "name_pinyin", "name_initials")
    for pk, name, old_pinyin, old_initials in rows.order_by("id").iterator(chunk_size=BATCH):
        pinyin, initials = name_pinyin(name)
        if (pinyin, initials) != (old_pinyin, old_initials):
            changed.append(Person(id=pk, name_pinyin=pinyin, name_initials=initials))
        if len(changed) >= BATCH:
            Person.objects.bulk_update(changed, ["name_pinyin", "name_initials"])
            changed = []
    if changed:
        Person.objects.bulk_update(changed, ["name_pinyin", "name_initials"])


class Migration(migrations.Migration):
    dependencies = [("people", "0004_clearer_field_labels")]

    operations = [migrations.RunPython(reread, migrations.RunPython.noop)]
