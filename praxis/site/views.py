from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from praxis.accounts import rules as accounts_rules
from praxis.content.models import Theme
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.institutions import rules as institution_rules
from praxis.institutions import selectors as institution_selectors
from praxis.institutions import services as follow_services
from praxis.institutions.follow_button import follow_or_unfollow
from praxis.institutions.models import Follow

from . import feed as feeds
from . import figures, follows


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


@require_GET
def themes(request: PraxisRequest) -> HttpResponse:
    """Every theme, clinical and transversal, with what there is to read in it; members follow them from here."""
    groups = follows.theme_rows(request.actor)
    headings: dict[str, str] = {Theme.Kind.CLINICAL: _("Clinical specialties"),
                                Theme.Kind.TRANSVERSAL: _("Transversal themes")}
    return render(request, "site/themes.html", {
        "groups": [(headings[kind], groups[kind]) for kind in Theme.Kind.values if groups[kind]]})


@require_GET
def theme(request: PraxisRequest, slug: str) -> HttpResponse:
    """A theme's page: its latest contents and coming events, and the follow button."""
    found = follows.theme_for(slug)
    if found is None:
        raise Http404
    following = request.user.is_authenticated and found.pk in institution_selectors.followed_ids(
        request.user, Follow.Kind.THEME)
    return render(request, "site/theme.html", {
        "theme": found, "contents": follows.theme_contents(request.actor, found),
        "events": follows.theme_events(request.actor, found), "followers": follows.follower_count(found),
        "is_following": following, "can_follow": institution_rules.can_follow(request.actor),
    })


@require_POST
@login_required
def theme_follow(request: PraxisRequest, slug: str) -> HttpResponse:
    found = follows.theme_for(slug)
    if found is None:
        raise Http404
    return follow_or_unfollow(request, kind=Follow.Kind.THEME, target_id=found.pk, name=found.label,
                              back=reverse("site:theme", args=[found.slug]))


@require_GET
@login_required
def following(request: PraxisRequest) -> HttpResponse:
    """What I follow: themes, communities, institutions and colleagues, each with a button to stop."""
    institution_rules.check_follow(request.actor)
    return render(request, "site/following.html", {"followed": follows.followed_by(request.actor)})


@require_POST
@login_required
def unfollow(request: PraxisRequest) -> HttpResponse:
    """Stop following anything from the "what I follow" page (the row may name a target no longer visible)."""
    kind = request.POST.get("kind", "")
    target = request.POST.get("target", "")
    if kind not in Follow.Kind.values or not target.isdigit():
        messages.error(request, _("This follow could not be found."))
        return redirect("site:following")
    follow_services.unfollow(actor=request.actor, kind=kind, target_id=int(target))
    messages.success(request, _("You no longer follow it."))
    return redirect("site:following")
