"""The brief's sections, one builder per pillar, in reading order; sources and method come last
because they list what the others cited.
"""

from __future__ import annotations

from powderkeg.reports.brief.document import Section
from powderkeg.reports.brief.sections.alliances import alliances_section
from powderkeg.reports.brief.sections.article import article_section
from powderkeg.reports.brief.sections.context import CheckedArticle, Context
from powderkeg.reports.brief.sections.incidents import incidents_section
from powderkeg.reports.brief.sections.plans import force_plans_section, industry_section
from powderkeg.reports.brief.sections.rearmament import rearmament_section
from powderkeg.reports.brief.sections.sources import sources_section
from powderkeg.reports.brief.sections.spending import spending_section

PILLARS = (
    spending_section,
    rearmament_section,
    force_plans_section,
    industry_section,
    alliances_section,
    incidents_section,
)


def build_sections(ctx: Context) -> tuple[Section, ...]:
    sections = [pillar(ctx) for pillar in PILLARS]
    checked = article_section(ctx)
    if checked is not None:
        sections.append(checked)
    sections.append(sources_section(ctx))
    return tuple(sections)


__all__ = [
    "PILLARS",
    "CheckedArticle",
    "Context",
    "alliances_section",
    "article_section",
    "build_sections",
    "force_plans_section",
    "incidents_section",
    "industry_section",
    "rearmament_section",
    "sources_section",
    "spending_section",
]
