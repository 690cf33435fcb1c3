"""The default tag vocabulary (R-PPL-1); a deployment edits or extends it."""

from django.db import migrations

TAGS = [
    # code, name, English name, sensitive
    ("elderly", "老年人", "Elderly", False),
    ("living_alone_elderly", "独居老人", "Elderly living alone", True),
    ("disabled", "残疾人", "Disabled", True),
    ("low_income", "低保", "Low-income (dibao)", True),
    ("unemployed", "失业人员", "Unemployed / laid-off", False),
    ("left_behind_child", "留守儿童", "Left-behind child", True),
    ("veteran", "退役军人", "Veteran", False),
    ("community_correction", "社区矫正", "Under community correction", True),
    ("released_prisoner", "刑满释放人员", "Released from prison (帮教)", True),
    ("party_member", "党员", "Party member", False),
    ("volunteer", "志愿者", "Volunteer", False),
]


def seed(apps, schema_editor):
    TagType = apps.get_model("people", "TagType")
    for order, (code, name, name_en, sensitive) in enumerate(TAGS):
        TagType.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "is_sensitive": sensitive,
                      "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_registry_links")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
