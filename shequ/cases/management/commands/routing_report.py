"""How well routing would guess categories: `shequ routing_report [--cases 2000] [--seed 1]`.

Trains on 80 % of seeded demo requests (in memory: neither the database nor the saved model
is touched) and measures on the other 20 %, for the classifier and for the keyword rules."""

from __future__ import annotations

import random
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shequ.cases.demo import CATEGORIES, demo_cases
from shequ.cases.routing import classifier_fit, keywords_split, rules_rank
from shequ.core.words import words


def routing_accuracy(*, n: int, seed: int) -> dict:
    """Top-1 and top-3 accuracy of the classifier and top-1 of the rules on the held-out
    fifth of ``n`` demo requests; per category too."""
    cases = demo_cases(n, seed)
    order = list(range(len(cases)))
    random.Random(seed).shuffle(order)
    cut = len(order) * 4 // 5
    train = [cases[i] for i in order[:cut]]
    held = [cases[i] for i in order[cut:]]
    classifier = classifier_fit([words(t) for _c, t in train], [c for c, _t in train])
    keywords = {c.code: keywords_split(c.keywords) for c in CATEGORIES}
    top1 = top3 = rules = 0
    per_category: Counter = Counter()
    totals: Counter = Counter()
    for code, text in held:
        tokens = words(text)
        ranked = [label for label, _p in classifier.rank(tokens)]
        hit = ranked[0] == code
        top1 += hit
        top3 += code in ranked[:3]
        by_rules = rules_rank(tokens, keywords)
        rules += bool(by_rules) and by_rules[0][0] == code
        totals[code] += 1
        per_category[code] += hit
    m = len(held)
    return {
        "held_out": m,
        "trained_on": len(train),
        "model_top1": top1 / m,
        "model_top3": top3 / m,
        "rules_top1": rules / m,
        "per_category": {code: (per_category[code], totals[code]) for code in totals},
    }


class Command(BaseCommand):
    help = (
        "Print the routing's category accuracy on held-out demo requests: the classifier "
        "trained on 80 % of them against the keyword rules."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases", type=int, default=2000, help="demo requests to generate (default 2000)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    def handle(self, *args, cases: int, seed: int, verbosity: int = 1, **options):
        if cases < 50:
            raise CommandError(_("Generate at least 50 requests."))
        result = routing_accuracy(n=cases, seed=seed)
        if verbosity > 1:
            names = {c.code: c.name for c in CATEGORIES}
            for code, (right, total) in sorted(result["per_category"].items()):
                self.stdout.write(f"  {names[code]} ({code}): {right}/{total}")
        self.stdout.write(
            _(
                "routing: %(n)d held-out cases — model top-1 %(top1).1f %%, top-3 %(top3).1f %%; "
                "rules top-1 %(rules).1f %%"
            )
            % {
                "n": result["held_out"],
                "top1": 100 * result["model_top1"],
                "top3": 100 * result["model_top3"],
                "rules": 100 * result["rules_top1"],
            }
        )
