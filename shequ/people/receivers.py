"""Keep people on the surviving node when territory nodes merge (R-ORG-8)."""

from django.dispatch import receiver

from shequ.territory.services import node_merged

from .models import Household, Person, Residence


@receiver(node_merged)
def _move_records_to_target(sender, source, target, **kwargs):
    Person.objects.filter(node=source).update(node=target)
    Household.objects.filter(node=source).update(node=target)
    Residence.objects.filter(node=source, ended_on__isnull=True).update(node=target)
