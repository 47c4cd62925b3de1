"""schema.org JSON-LD for search engines and archives: initiatives as Project, stories as CreativeWork."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..content.entries import Initiative, Photo, Story
from ..photos.renditions import PhotoPlan
from ..site.model import Site
from ..site.pages import absolute_url, url_of


def json_ld(entry: Initiative | Story | None, site: Site, photos: dict[Path, PhotoPlan]) -> dict[str, Any]:
    """The JSON-LD object for a page: the entry's, or the website's on other pages."""
    base = site.config.base_url
    if isinstance(entry, Initiative):
        return _initiative(entry, site, photos)
    if isinstance(entry, Story):
        return _story(entry, site, photos)
    return {"@context": "https://schema.org", "@type": "WebSite", "name": site.config.title,
            "description": site.config.subtitle, "inLanguage": site.config.language,
            **({"url": base} if base else {})}


def _place(name: str, site: Site) -> dict[str, Any]:
    return {"@type": "Place", "name": name, "containedInPlace": {"@type": "City", "name": site.config.municipality}}


def _initiative(initiative: Initiative, site: Site, photos: dict[Path, PhotoPlan]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Project", "name": initiative.title,
        "description": initiative.summary, "url": absolute_url(site.config.base_url, url_of(initiative)),
        "areaServed": _place(initiative.wijk, site), "keywords": list(initiative.themes),
    }
    if initiative.since:
        data["foundingDate"] = initiative.since.iso()
    if initiative.place:
        location: dict[str, Any] = {"@type": "Place", "name": initiative.place.name or initiative.place.address}
        if initiative.place.address:
            location["address"] = initiative.place.address
        if initiative.place.coordinates:
            latitude, longitude = initiative.place.coordinates
            location["geo"] = {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}
        data["location"] = location
    if initiative.contact:
        contact = {"@type": "ContactPoint", "name": initiative.contact.name, "email": initiative.contact.email,
                   "telephone": initiative.contact.phone, "url": initiative.contact.website}
        data["contactPoint"] = {k: v for k, v in contact.items() if v}
    if initiative.organisations:
        data["member"] = [{"@type": "Organization", "name": name} for name in initiative.organisations]
    if initiative.image and initiative.image.source in photos:
        data["image"] = _photograph(initiative.image, photos[initiative.image.source], site)
    return data


def _story(story: Story, site: Site, photos: dict[Path, PhotoPlan]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "CreativeWork", "name": story.title,
        "url": absolute_url(site.config.base_url, url_of(story)), "inLanguage": site.config.language,
        "isPartOf": {"@type": "Collection", "name": site.config.title},
    }
    optional = {"description": story.summary, "license": story.licence, "isBasedOn": story.credit_source,
                "keywords": list(story.subjects)}
    data.update({k: v for k, v in optional.items() if v})
    if story.teller:
        data["creator"] = {"@type": "Person", "name": story.teller}
    if story.recorded_by:
        data["contributor"] = {"@type": "Person", "name": story.recorded_by}
    if story.date:
        data["temporalCoverage"] = story.date.iso()
    if story.place or story.wijk:
        data["contentLocation"] = _place(story.place or story.wijk, site)
    shown = [p for p in story.photos if p.publishable and p.source in photos]
    if shown:
        data["associatedMedia"] = [_photograph(p, photos[p.source], site) for p in shown]
    return data


def _photograph(photo: Photo, plan: PhotoPlan, site: Site) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Photograph", "contentUrl": absolute_url(site.config.base_url, plan.fallback.path),
                            "width": plan.fallback.width, "height": plan.fallback.height, "description": photo.alt}
    optional = {"caption": photo.caption, "license": photo.licence,
                "dateCreated": photo.date.iso() if photo.date else ""}
    data.update({k: v for k, v in optional.items() if v})
    if photo.photographer:
        data["creator"] = {"@type": "Person", "name": photo.photographer}
    return data
