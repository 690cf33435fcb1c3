"""我的议事: a resident's own page of self-government (selectors/mine.py fills it)."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path

from ..selectors.mine import my_sections

logger = logging.getLogger(__name__)


@login_required
def mine(request):
    user = request.user
    sections = my_sections(user=user, person=getattr(user, "person", None))
    for section in sections:
        if section["failed"]:
            continue
        try:
            section["html"] = render_to_string(
                section["template"], section["context"], request=request
            )
        except Exception:
            logger.exception("my page: section %r cannot be rendered", section["title"])
            section["failed"] = True
    return render(request, "deliberation/mine.html", {"sections": sections})


urlpatterns = [path("mine/", mine, name="mine")]
