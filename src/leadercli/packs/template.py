"""The example pack `leadercli init` writes: small, valid (validate exits 0), and commented to be edited.

Kept as text in a module rather than package data so it ships inside any wheel or zipapp unchanged.
"""

from __future__ import annotations

from leadercli.packs.sections import FAQ_FILE, PLAYBOOK_FILE

FAQ_YAML = """\
# faq.yaml: the questions this pack answers (required). Format: docs/pack-format.md.
# Check your edits with `leadercli validate DIR`; try them with `leadercli --pack DIR ask "..."`.
title: Remote Work Policy            # shown by `leadercli about` and the overview
source: Example Corp handbook, 2025  # where the answers come from
entries:
  - id: remote-days                  # stable and unique: letters, digits, '.', '_' or '-'
    question: How many days a week can I work remotely?
    answer: >-
      Up to three days a week, agreed with your manager. Tuesdays are office days for every team.
    alternates:                      # other ways people ask: add as many as you can think of
      - can I work from home
      - how often can I work from home
      - remote work allowance
    tags: [remote, schedule]         # optional keywords
    source: Policy, section 1        # optional: where in the source the answer is

  - id: home-office-budget
    question: Is there a budget for equipment at home?
    answer: >-
      Yes: a one-off allowance of 500 euros for a desk, a chair or a screen, claimed through expenses.
    alternates:
      - home office allowance
      - who pays for my desk and chair
      - can I expense a monitor

  - id: core-hours
    question: When do I have to be available?
    answer: >-
      Core hours are 10:00 to 16:00 in your team's time zone; outside them, work when it suits you.
    alternates:
      - core hours
      - what time must I be online
"""

PLAYBOOK_YAML = """\
# playbook.yaml: optional. Every section is optional too; remove the ones you do not need.
# Records here are answerable by `ask` like FAQ entries (matched on their title or name and alternates).
title: Remote Work Policy
reference: Example Corp handbook, 2025

steps:                               # numbered in file order; `leadercli playbook` lists them
  - title: Agree on Your Remote Days
    do: Pick your remote days with your manager and put them in the team calendar.
    why: Predictable office days make meetings and mentoring easy to plan.
    alternates: [how do I choose my remote days]

risks:                               # `leadercli risks` lists them
  - name: Isolation
    risk: People who are rarely in the office can drift away from their team.
    mitigation: Keep one shared office day a week and a short video check-in on the others.

tools:
  - name: Team Calendar
    description: The shared calendar where everyone marks remote and office days.

metrics:
  - name: Office Day Attendance
    measures: The share of team members present on the agreed office day.

cadence:
  - period: quarterly                # monthly, quarterly, annual, ...
    name: Quarterly policy review
    what: HR and team leads review how the policy works and adjust it.
"""

FILES: dict[str, str] = {FAQ_FILE: FAQ_YAML, PLAYBOOK_FILE: PLAYBOOK_YAML}
