from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from praxis.accounts import rules as accounts_rules
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from . import feed as feeds
from . import figures


@require_GET
def home(request: PraxisRequest) -> HttpResponse:
    """The public front page, or the member's home: their feed, events to come, new answers."""
    context = {}
    if request.user.is_authenticated:
        context = {**feeds.home_context(request.actor),
                   "can_verify_members": accounts_rules.can_verify_members(request.actor)}
    return render(request, "site/home.html", context)


@require_GET
@login_required
def feed(request: PraxisRequest) -> HttpResponse:
    """The home feed, one page after the cursor (htmx "More" swaps it in; without htmx, a page of its own)."""
    page = feeds.feed_page(request.actor, cursor=request.GET.get("apres", "")[:80])
    return render_page(request, "site/feed.html", {"feed": page}, partial="items")


@require_GET
def platform_figures(request: PraxisRequest) -> HttpResponse:
    """"Praxis in figures": public counts and growth, computed at most every few minutes (Django cache)."""
    data = cache.get(figures.CACHE_KEY)
    if data is None:
        data = figures.compute()
        cache.set(figures.CACHE_KEY, data, figures.CACHE_SECONDS)
    return render_page(request, "site/figures.html", {"figures": data, "charts": figures.charts(data)})
