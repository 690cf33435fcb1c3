"""Shared model bases and the append-only audit trail (审计日志)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .context import current_actor
from .scope import ScopedQuerySet


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKOUT = "lockout", _("Account locked")
    LOGOUT = "logout", _("Logout")
    PASSWORD_CHANGE = "password_change", _("Password changed")
    ROLE_GRANT = "role_grant", _("Role granted")
    ROLE_REVOKE = "role_revoke", _("Role revoked")
    UNMASK = "unmask", _("Personal data unmasked")
    EXPORT = "export", _("Export")


class AuditEventQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("audit events are append-only")

    def delete(self):
        raise PermissionDenied("audit events are append-only")


class AuditEvent(models.Model):
    """One append-only audit record (审计记录): who did what to which object, when, and why.

    Personal fields are stored masked. On PostgreSQL a trigger refuses UPDATE and DELETE.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # No foreign keys: deleting a user or an object must never touch the trail.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=60, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    person_id = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)
    node_path = models.CharField(_("territory path"), max_length=255, blank=True, db_index=True)
    field = models.CharField(_("field"), max_length=60, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    row_count = models.IntegerField(_("rows"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()
    scope_path = "node_path"

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("audit events are append-only")


def audit_record(
    action: str,
    *,
    obj: models.Model | None = None,
    person_id: int | None = None,
    node_path: str = "",
    changes: dict | None = None,
    field: str = "",
    reason: str = "",
    row_count: int | None = None,
    actor=None,
    object_repr: str = "",
) -> AuditEvent:
    """Append one audit row; the actor defaults to the one in the current context."""
    ctx = current_actor()
    if actor is not None:
        actor_id, actor_name, ip = actor.pk, actor.get_username(), ctx.ip if ctx else ""
    elif ctx is not None:
        actor_id, actor_name, ip = ctx.user_id, ctx.username, ctx.ip
    else:
        actor_id, actor_name, ip = None, "system", ""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        if hasattr(obj, "audit_node_path") and not node_path:
            node_path = obj.audit_node_path() or ""
        if hasattr(obj, "audit_person_id") and person_id is None:
            person_id = obj.audit_person_id()
    else:
        object_type = object_id = ""
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_name=actor_name,
        ip=ip,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        person_id=person_id,
        node_path=node_path,
        field=field,
        reason=reason,
        changes=changes or {},
        row_count=row_count,
    )


class AuditedModel(models.Model):
    """Writes an audit row for every create, update and delete through the ORM instance.

    ``audit_secret`` names fields whose values never enter the trail (ciphertexts, blind
    indexes): a change is recorded as ``"***"``; their ``*_masked`` companions carry the
    masked old → new values.
    """

    audit_secret: tuple[str, ...] = ()
    audit_ignore: tuple[str, ...] = ("updated_at",)

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_initial = dict(zip(field_names, values, strict=False))
        return instance

    def _audit_values(self) -> dict:
        return {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}

    def _audit_diff(self, update_fields=None) -> dict:
        initial = getattr(self, "_audit_initial", {})
        diff = {}
        for f in self._meta.concrete_fields:
            name = f.attname
            if name in self.audit_ignore or (update_fields and f.name not in update_fields):
                continue
            old, new = initial.get(name), getattr(self, name)
            if name in initial and old == new:
                continue
            if name in self.audit_secret:
                diff[name] = "***"
            else:
                diff[name] = [_plain(old) if name in initial else None, _plain(new)]
        return diff

    def save(self, *args, **kwargs):
        creating = self._state.adding
        diff = self._audit_diff(kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        if diff or creating:
            audit_record(
                AuditAction.CREATE if creating else AuditAction.UPDATE, obj=self, changes=diff
            )
        self._audit_initial = self._audit_values()

    def delete(self, *args, **kwargs):
        # The row's last values (old → None), secrets as "***": the trail keeps what was lost.
        changes = {
            name: "***" if name in self.audit_secret else [_plain(value), None]
            for name, value in self._audit_values().items()
            if name not in self.audit_ignore
        }
        audit_record(AuditAction.DELETE, obj=self, changes=changes)
        return super().delete(*args, **kwargs)


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class StepEvent(models.Model):
    """One step of a workflow (a transition of ``core.workflow``): who did what, when, with
    which note and details; append-only. Each workflow adds the link to its own object."""

    at = models.DateTimeField(_("time"), db_index=True)
    verb = models.CharField(_("step"), max_length=20)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class WorkdayOverride(TimeStampedModel):
    """A day the deployment declares a working day or a rest day (节假日调整), overriding the
    official calendar: next year's holidays before the library knows them, local closures."""

    day = models.DateField(_("day"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class NotificationChannel(models.TextChoices):
    IN_APP = "in_app", _("In the platform")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent (channel not configured)")


class Notification(models.Model):
    """One message to one recipient through one channel (通知). The address (a phone or an
    email) is sealed and shown masked; in-app messages are read by the user they name."""

    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=NotificationChannel.choices)
    address_enc = models.TextField(_("address (encrypted)"), blank=True)
    address_masked = models.CharField(_("address"), max_length=60, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_inbox_idx"),
            models.Index(fields=["object_type", "object_id"], name="notification_object_idx"),
        ]

    def __str__(self) -> str:
        return self.subject


class ScheduledSlot(models.Model):
    """One run of a periodic job for one time slot: the unique key makes a slot enqueue its
    job once, however many schedulers run or however often one restarts."""

    job = models.CharField(_("job"), max_length=60)
    slot = models.DateTimeField(_("slot"))
    enqueued_at = models.DateTimeField(_("enqueued"), default=timezone.now)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled slot")
        verbose_name_plural = _("scheduled slots")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_slot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
