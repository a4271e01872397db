"""Every serving committee member gets the committee's mediator post (人民调解法 第13条).

From issue 15 on, `member_add` gives a new member the post; this gives it to the members elected
before, who serve today and hold no mediator post in their committee active today or starting
later: a post from the term's first day, 兼职, with one history row (reason below).
"""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

MEDIATOR_POST = "mediator"  # sifa.orgs.constants.MEDIATOR_POST
REASON = "委员即为人民调解员（人民调解法第十三条）"


def give_members_their_post(apps, schema_editor):
    member_model = apps.get_model("mediation", "CommitteeMember")
    post_model = apps.get_model("orgs", "StaffMember")
    history_model = apps.get_model("orgs", "HistoricalStaffMember")
    today = timezone.localdate()
    serving = member_model.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gt=today), term_start__lte=today, term_end__gte=today
    )
    now = timezone.now()
    for member in serving.order_by("pk").iterator():
        posts = post_model.objects.filter(
            office_id=member.office_id, person_id=member.person_id, post=MEDIATOR_POST
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        if posts.exists():
            continue
        post = post_model.objects.create(
            office_id=member.office_id,
            person_id=member.person_id,
            post=MEDIATOR_POST,
            full_time=False,
            start_date=member.term_start,
        )
        values = {f.attname: getattr(post, f.attname) for f in post_model._meta.concrete_fields}
        history_model.objects.create(
            **values,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0005_mediation_not_mediable_matter"),
        ("orgs", "0008_numbering_office_short_name"),
    ]

    operations = [
        migrations.RunPython(give_members_their_post, migrations.RunPython.noop),
    ]
