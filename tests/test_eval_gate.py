"""The accuracy regression gate: fixed question sets, recorded floors. Accuracy may rise; it may not fall.

- tests/eval/questions.yaml: the development set, written blind from the article (defaults were tuned
  on it). tests/eval/holdout.yaml: written later by someone who saw neither the pack nor the dev set;
  never tuned on, only measured. Figures and how they were produced: docs/accuracy.md.
- CLINC150 val (../shared/bench/clinc), with threshold and margin calibrated on val (the paper's rule).
- Documents nobody tuned (tests/fixtures/docs, questions written blind in tests/eval/docs), each a pack
  as it stands (no edits, no alternates, no settings): the dev split was tuned on, the holdout split
  only measured (benchmarks/docs_accuracy.py prints the same figures, with a plain BM25 beside them).

Floors are the figures measured when they were recorded (defaults 20.5 / 3); raising one is a
deliberate act, lowering one needs a reason in docs/accuracy.md.
"""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from typing import Any

import pytest
import yaml

from leadercli.matching import Matcher, Rule
from leadercli.matching.evaluate import Case, calibrate, evaluate
from leadercli.packs import bridge
from leadercli.packs.loader import load_pack
from tests.conftest import REPO, SHIPPED

# (set, kind) -> floor. Answerable kinds gate in-scope accuracy; off-/near-topic gate "no answer".
FLOORS = {
    ("questions.yaml", "answerable"): 0.937,  # 164 / 175
    ("questions.yaml", "off-topic"): 0.968,  # 31 / 32
    ("questions.yaml", "near-topic"): 0.527,  # 19 / 36
    ("holdout.yaml", "answerable"): 0.950,  # 171 / 180
    ("holdout.yaml", "off-topic"): 0.966,  # 29 / 30
    ("holdout.yaml", "near-topic"): 0.583,  # 21 / 36
}
# split -> figure -> floor, from benchmarks/docs_accuracy.py (docs/accuracy.md, "Documents").
DOCUMENT_FLOORS = {
    # dev near-topic 35 -> 34: a folder's title-level sections lost the context that repeated their own
    # heading, which answers 2 more dev questions right and 1 near-topic question (docs/accuracy.md).
    # dev answerable 245 -> 243 and near-topic 34 -> 38: the bar rose from 0.36 to 0.42 once the
    # background class read a document's questions by their topic (docs/accuracy.md, "The bar").
    # dev answerable 243 -> 241 (near-topic 38 -> 39): MkDocs admonitions are read as prose, not code
    # blocks, in uv-guides; 3 answers moved to a neighbouring section and 1 came right (no tuning).
    "dev": {"answerable right": 241 / 292, "off-topic declined": 35 / 35, "near-topic declined": 39 / 48},
    # holdout near-topic 36 -> 35 (and answerable 164 -> 167): reference-link definitions now go with the
    # sections that use them, not the document's last section (docs/accuracy.md, "Second round").
    # holdout answerable 167 -> 166: "Windows" and "news" are no longer stemmed to "window" and "new"
    # (data/not_plurals.txt); nvm's README says "Windows" often, and "pin the node version per project
    # in a file" fell from 0.437 to 0.415, under the 0.42 bar; a wrong rclone answer was declined too.
    "holdout": {"answerable right": 166 / 226, "off-topic declined": 30 / 30, "near-topic declined": 35 / 45},
    # Four more documents, questioned blind by a helper session on 2026-12-02; never tuned on.
    "blind": {"answerable right": 39 / 60, "off-topic declined": 12 / 12, "near-topic declined": 11 / 20},
    # Three more, questioned blind by another helper session later that day (second session); as they fell.
    "blind2": {"answerable right": 72 / 114, "off-topic declined": 15 / 15, "near-topic declined": 16 / 18},
    # Three more (a MkDocs-Material page, an .rst configuration reference, a migration guide), questioned
    # blind by a third helper session before any output; as they fell (ranked first 83 / 94, BM25 71 / 94).
    # blind3 answerable 76 -> 75: a `:ref:` shows its section's title, not its raw label, so "config" is in
    # 7 sections instead of 11 and "what is the coverage config file called by default" fell under the bar.
    "blind3": {"answerable right": 75 / 94, "off-topic declined": 15 / 15, "near-topic declined": 11 / 18},
    # Three more (an AsciiDoc README, a plain-text Vim help manual, a hand-written HTML page), questioned
    # blind by a fourth helper session before any output; as they fell (ranked first 78 / 102, BM25 74 / 102).
    # The readers knew none of the three shapes then (.adoc and .html read as plain text, the HTML page one
    # record, so luajit-install's 28 / 28 only meant its one record held every expected line). With the
    # AsciiDoc, HTML and Vim help readers, every listed section is a record: 78 / 102 right (82 first).
    "blind4": {"answerable right": 78 / 102, "off-topic declined": 15 / 15, "near-topic declined": 11 / 18},
    # Three more (a Docusaurus .mdx page, a Keep a Changelog CHANGELOG.md, an Emacs org-mode README),
    # questioned blind by a fifth helper session before any output; as they fell (ranked first 92 / 108,
    # BM25 84 / 108). The readers knew neither .mdx nor .org then (both read as plain text: the .mdx page
    # 8 records of 21, the .org file one record, so doom-lookup-readme's 33 / 33 only means its one record
    # holds every expected line). With the MDX, Org and `:::` admonition readers every listed section is a
    # record, and the figures are what sections earn: 68 / 108 right (81 first, BM25 69), near-topic 13.
    "blind5": {"answerable right": 68 / 108, "off-topic declined": 14 / 15, "near-topic declined": 13 / 18},
    # Three more (an FAQ whose questions are raw-HTML <h3> blocks, a plain-text README with underlined
    # titles, a folder of Markdown pages with a nested subfolder), questioned blind by a sixth helper
    # session before any output; as they fell (ranked first 70 / 97, BM25 64 / 97). The HTML questions and
    # the nested folder came out as listed; the plain-text reader made two indented command lines of
    # pcre2-readme (666, 671) titles, which took 2 of its answers.
    # blind6 as fell 65 / 97 and 13 / 18; 68 and 14 after the plain-text and HTML-heading fixes (accuracy.md)
    "blind6": {"answerable right": 68 / 97, "off-topic declined": 15 / 15, "near-topic declined": 14 / 18},
    # Three more (a Markdown FAQ whose questions are <details>/<summary> collapsibles, an alert playbook /
    # incident runbook, a Sphinx reStructuredText tutorial with numbered steps), questioned blind by a seventh
    # helper session before any output; as they fell (ranked first 80 / 99, BM25 73 / 99). The playbook and
    # the tutorial came out as listed; the Markdown reader folded bolt-diy-faq's six <summary> questions into
    # its title, one record holding 13 of its 26 expected lines, so part of its 17 / 26 only means that.
    # blind7 as fell 73 / 99 and 14 / 18, where 13 bolt-diy-faq questions pointed into one merged record;
    # 72 and 16 once its <details> questions are sections (docs/accuracy.md, "Seventh session").
    "blind7": {"answerable right": 72 / 99, "off-topic declined": 15 / 15, "near-topic declined": 16 / 18},
    # Three more (a Hugo/Docsy docs folder whose pages carry their titles only in front matter, with
    # _index.md pages and a nested subfolder; docker's `ps` reference with its options as a table; a README
    # with a centred HTML header, emoji headings and <details> holding real sections), questioned blind by an
    # eighth helper session before any output; as they fell (ranked first 74 / 87, BM25 69 / 87). Every
    # listed section of the three is a record.
    # blind8 as fell 71 / 87 and 11 / 18; 72 and 12 after the alert, shortcode and link fixes (accuracy.md)
    "blind8": {"answerable right": 72 / 87, "off-topic declined": 15 / 15, "near-topic declined": 12 / 18},
    # Three more (a Python package's README.rst with badges, age's man page as roff source, a generated
    # Sphinx HTML page with sidebars, headerlinks and a footer), questioned blind by a ninth helper session
    # before any output; as they fell (ranked first 77 / 85, BM25 73 / 85). The README.rst and the HTML
    # page came out as listed; no reader knew roff then (age.1 read as plain text, one record), so
    # age-man's 30 / 30 only means its one record holds every expected line, and its near-topic 2 / 6 that
    # the same record took four by length. A roff reader will move both.
    # blind9 with the roff reader: 58 / 85 and 15 / 18; the as-fell 71 counted one record holding all of
    # age-man's lines (docs/accuracy.md, "Ninth session").
    "blind9": {"answerable right": 58 / 85, "off-topic declined": 15 / 15, "near-topic declined": 15 / 18},
    # blind10 as it fell: 79 / 90, 15 / 15 and 15 / 18 (docs/accuracy.md, "Tenth session"). The numbered
    # titles of snappy-format-spec are not read yet (4 records for 19 sections): its 29 / 32 counts records
    # that hold every line.
    # blind10 after the numbered-sections and Sphinx-description readers: 73 / 90 and 16 / 18; the as-fell
    # 79 counted four snappy-format-spec records holding every expected line (accuracy.md, "Tenth session").
    "blind10": {"answerable right": 73 / 90, "off-topic declined": 15 / 15, "near-topic declined": 16 / 18},
    # Three more (HTTPie's 2601-line single-page manual with 134 sections, a security committee's membership
    # procedure with address titles, numbered steps and a fenced checklist, an MkDocs docs/ folder with a
    # subfolder and mkdocs.yml beside it), questioned blind by an eleventh helper session before any output;
    # as they fell (ranked first 88 / 109, BM25 85 / 109). The procedure and the folder came out as listed
    # (mkdocs.yml passed over); the manual has one record more, "Installation", a generated contents list.
    "blind11": {"answerable right": 85 / 109, "off-topic declined": 15 / 15, "near-topic declined": 14 / 18},
    # Three more (a Ruby gem's README.rdoc, a GitHub wiki page with [[Page Name]] links and a breadcrumb,
    # a contributing guide in Spanish questioned in Spanish), questioned blind by a twelfth helper session
    # before any output; as they fell (ranked first 75 / 98, BM25 75 / 98). No reader knows RDoc yet
    # (README.rdoc read as plain text, 8 records for 28 sections): 18 of minitest's 26 right answers are
    # two merged records that hold the expected lines, and one 480-line record took four of its six
    # near-topic questions. An RDoc reader will move both (docs/accuracy.md, "Twelfth session").
    # blind12 with the RDoc reader: 63 / 98; the as-fell 68 counted two merged minitest records holding 18
    # of its expected lines. Near-topic 14 -> 13 once accents fold ("como instalo fpb-lint" now meets
    # "Automatización"): docs/accuracy.md, "Twelfth session".
    "blind12": {"answerable right": 63 / 98, "off-topic declined": 15 / 15, "near-topic declined": 13 / 18},
    # blind13 as it fell (docs/accuracy.md, "Thirteenth session"): Sphinx's FAQ of definition-list questions
    # is read as 8 records for 22 sections, so its 24 / 30 counts two list records holding 12 expected lines.
    # blind13 as fell 61 / 96; 63 once reST definition-list questions are sections (accuracy.md)
    "blind13": {"answerable right": 63 / 96, "off-topic declined": 14 / 15, "near-topic declined": 17 / 18},
    # Three more (a Quarto .qmd user-guide page, a folder of three Pandoc Markdown pages of a Carpentries
    # lesson, a GitLab docs page with Hugo shortcodes and tables of arguments), questioned blind by a
    # fourteenth helper session before any output; as they fell (ranked first 79 / 107, BM25 80 / 107).
    # The GitLab page came out as listed; the Pandoc folder is 11 records for 57 sections (a Carpentries
    # callout never closes, a glossary of bracketed-span terms is one record), so 21 of its 29 right
    # answers are two merged records holding the expected lines (docs/accuracy.md, "Fourteenth session").
    # After the reader fixes (the callouts close, a div that opens with a heading is that section, the
    # glossary is a section a term): 57 records for 57 sections, 60 / 107 right (ranked first 70, BM25 72),
    # off-topic 15 / 15, near-topic 13 / 18 (docs/accuracy.md, "After the fourteenth to sixteenth").
    "blind14": {"answerable right": 60 / 107, "off-topic declined": 15 / 15, "near-topic declined": 13 / 18},
    # Three more (an 'awesome list' README of link categories, NumPy's CPU build options page built around
    # reST list-tables, an on-call runbook from GitLab.com's public runbooks), questioned blind by a fifteenth
    # helper session before any output; as they fell (ranked first 98 / 131, BM25 96 / 131). Every listed
    # section of the three is a record (docs/accuracy.md, "Fifteenth session").
    "blind15": {"answerable right": 89 / 131, "off-topic declined": 15 / 15, "near-topic declined": 16 / 18},
    # Three more (Fastify's SECURITY.md, tmux's plain-text FAQ of '* ' questions under a boxed notice, a docs
    # folder of numbered pages with [[toc]]/[[next]] footers), questioned blind by a sixteenth helper session
    # before any output; as they fell (ranked first 80 / 101, BM25 78 / 101). The FAQ is read as one record
    # (the whole file, titled "FAQ") for 27 sections, so its 30 / 30 counts one record holding every line,
    # and that record took 5 of its 6 near-topic questions and one off-topic question (docs/accuracy.md,
    # "Sixteenth session").
    # After the reader fixes (bulleted questions are sections: 27 records as listed): 68 / 101 right
    # (ranked first 73, BM25 68), off-topic 15 / 15, near-topic 13 / 18.
    "blind16": {"answerable right": 68 / 101, "off-topic declined": 15 / 15, "near-topic declined": 13 / 18},
    # Three more (a MyST-NB text notebook of code cells and glue roles/directives, two AsciiDoc pages of
    # Debezium's Antora site with ifdef::community/product conditionals and {prodname} references, flex's
    # GNU-style plain-text NEWS), questioned blind by a seventeenth helper session before any output; as they
    # fell (ranked first 78 / 101, BM25 79 / 101). The NEWS file is read as 3 records for 39 releases (the
    # title over the six newest, then two Title Case category lines, the last holding 33 releases), so its
    # 28 / 37 counts merged records holding the expected lines (docs/accuracy.md, "Seventeenth session").
    # After the reader fixes (a NEWS file's releases are its sections; MyST labels and cell breaks show
    # nothing): every listed section a record, 77 / 101 right (ranked first 81, BM25 80), near-topic 13 / 18.
    "blind17": {"answerable right": 77 / 101, "off-topic declined": 15 / 15, "near-topic declined": 13 / 18},
    # Three more (libarchive's cpio(1), a BSD man page in mdoc macros; a page generated by MkDocs and saved
    # as built, with navbar, sidebar contents, footer and hidden dialogs; jsdoc2md's generated Markdown API
    # reference of signature headings over parameter tables), questioned blind by an eighteenth helper
    # session before any output; as they fell (ranked first 76 / 85, BM25 71 / 85). No reader knows mdoc:
    # cpio(1) is one record ("Manual", every macro line dropped) for 12 sections, so its 31 / 31 counts one
    # record holding every expected line, and that record took one off-topic and three near-topic
    # questions; the MkDocs page has one record more, its sidebar contents (docs/accuracy.md, "Eighteenth
    # session").
    # After the reader fixes (an mdoc reader: cpio(1)'s 12 sections; a role="complementary" sidebar left
    # out): every listed section a record, 60 / 85 right (ranked first 67, BM25 61), off-topic 15 / 15.
    "blind18": {"answerable right": 60 / 85, "off-topic declined": 15 / 15, "near-topic declined": 14 / 18},
    # Three more (Vite's VitePress troubleshooting page of error-message entries, the Corona-Warn-App's
    # German scoping document asked in German, conda's 931-line reStructuredText guide "Managing
    # environments" with a '.. contents::' directive and 20 note/tip/warning blocks), questioned blind by a
    # nineteenth helper session before any output; as they fell (ranked first 88 / 105, BM25 89 / 105).
    # Every listed section of the three is a record (docs/accuracy.md, "Nineteenth session").
    "blind19": {"answerable right": 84 / 105, "off-topic declined": 15 / 15, "near-topic declined": 14 / 18},
    # Three more (musl's GNU-style plain-text INSTALL, Bootstrap's "Browsers and devices" Hugo page whose
    # support matrix is two raw HTML tables, five .rst pages of MarkupSafe's Sphinx docs with an index.rst
    # toctree and autodoc-only pages), questioned blind by a twentieth helper session before any output; as
    # they fell (ranked first 64 / 78, BM25 63 / 78). MarkupSafe's license.rst (a title over a literalinclude)
    # makes no record and its "Table of Contents" toctree is one, so the sections test fails on it; the
    # licence question counts as missed (docs/accuracy.md, "Twentieth session").
    "blind20": {"answerable right": 60 / 78, "off-topic declined": 15 / 15, "near-topic declined": 15 / 18},
    # Three more (Doom Emacs' Org-mode glossary appendix with a property drawer, tagged headlines and
    # description-list terms; changesets' per-release CHANGELOG.md of undated '## x.y.z' releases over
    # Major/Minor/Patch Changes with PR, commit and contributor links; Docusaurus' .md page "Versioning" with
    # front matter, admonitions and '{#id}' anchors), questioned blind by a twenty-first helper session before
    # any output; as they fell (ranked first 60 / 83, BM25 59 / 83). Every listed section of the three is a
    # record; the changelog's records are titled by bare version numbers (docs/accuracy.md, "Twenty-first
    # session").
    "blind21": {"answerable right": 48 / 83, "off-topic declined": 15 / 15, "near-topic declined": 16 / 18},
    # Three more (IPython's "Custom Display Logic" notebook stored as .ipynb JSON with code cells and base64
    # image outputs; Sqitch's sqitch-authentication.pod in Perl POD; BIP 173 in MediaWiki markup with a <pre>
    # header, <ref> footnotes and wikitables), questioned blind by a twenty-second helper session before any
    # output; as they fell (ranked first 77 / 96, BM25 69 / 96). None of the three formats was read: each file
    # given alone is plain text, so the notebook is one record of raw JSON, the POD page eight records cut at
    # a verbatim 'CURRENT_TIMESTAMP' and at one-line '=item' bodies, the BIP twelve; the benchmark credits the
    # record holding the expected line, so these figures overstate (13 / 96 answered from the section's own
    # record); the sections test failed on all three (docs/accuracy.md, "Twenty-second session").
    # After the notebook, POD and MediaWiki readers every listed section of the three is a record, and the
    # figures are what sections earn: 65 / 96 right (ranked first 73, BM25 66), off-topic 15 / 15, near-topic
    # 15 / 18 (docs/accuracy.md, "After the twenty-second and twenty-third sessions"); since a `<pre>`
    # header's Title: is the page's title, 14 / 18 ("convert my legacy 1... address into a bc1 one" is
    # answered at 0.45).
    "blind22": {"answerable right": 65 / 96, "off-topic declined": 15 / 15, "near-topic declined": 14 / 18},
    # Three more (a Rust RFC from the RFC template with no title and generic '##' headings over invisible
    # '[summary]: #summary' definitions; execa's hand-written Markdown API reference whose 158 headings are
    # function signatures and property paths, with stacks of alias headings over one body; itsdangerous'
    # reStructuredText CHANGES of 24 dated 'Version x.y' releases), questioned blind by a twenty-third helper
    # session before any output; as they fell (ranked first 74 / 113, BM25 72 / 113). The RFC and the CHANGES
    # file make exactly their listed records; execa's seven alias stacks were each one record at the stack's
    # last heading, not its first (docs/accuracy.md, "Twenty-third session"); since stacked headings are one
    # section named by all: 67 / 113 right (ranked first 81, BM25 76); since a site's Previous / Top footer
    # is not the last section's text: 66 / 113 right (ranked first 80), near-topic 11 / 18.
    "blind23": {"answerable right": 66 / 113, "off-topic declined": 15 / 15, "near-topic declined": 11 / 18},
    # Three more (Jupyter's "Working With Markdown Cells" notebook of markdown cells only, a heading opening a
    # cell with a base64 attachment; the MongoDB Perl driver's MongoDB::Tutorial in POD as a Dist::Zilla
    # distribution stores it, titles with L<>/C<> codes; Litecoin's LIP 1 in MediaWiki markup whose
    # 'Specification'/'Rationale' sub-titles repeat under four parents), questioned blind by a twenty-fourth
    # helper session before any output; as they fell (ranked first 79 / 103, BM25 82 / 103). The notebook and
    # the POD page make exactly their listed records; LIP 1 makes 13 of 22: its four parents swallow every
    # sub-section, the unique ones too, so its 30 / 39 overstate (10 / 39 from the section's own record) and
    # the sections test fails on it (docs/accuracy.md, "Twenty-fourth session").
    # Since a repeated part's own sub-sections are sections (LIP 1's "LIP header preamble" under its topic's
    # "Specification"), LIP 1 makes its 19 sections (the repeated parts listed as part_of by the lead), and
    # the figures are what sections earn: 59 / 103 right (ranked first 73, BM25 79) (docs/accuracy.md,
    # "After the twenty-fourth session").
    "blind24": {"answerable right": 59 / 103, "off-topic declined": 14 / 15, "near-topic declined": 13 / 18},
    # Three documents in Chinese or Japanese, asked in their own language (Ant Design's Chinese FAQ of 41 '##'
    # questions under a front-matter title; Vant's Chinese quick-start guide of '##' parents over '###'/'####'
    # steps; a Japanese README of a textlint preset, 23 '###' rules under a table-of-contents parent),
    # questioned blind by a twenty-fifth helper session before any output; as they fell (ranked first
    # 74 / 114, BM25 80 / 114). All three make exactly their listed records; 47 of the 56 misses are declines,
    # 20 of them with the right record first among the suggestions (docs/accuracy.md, "Twenty-fifth session").
    # Since a Chinese or Japanese pair's characters are words of the matcher too (tuned on cjkdev, measured
    # here once): 72 / 114 right (ranked first 79, BM25 80), off-topic 14 / 15, near-topic 11 / 18
    # (docs/accuracy.md, "Chinese and Japanese: a development set, and the characters of a pair").
    "blind25": {"answerable right": 72 / 114, "off-topic declined": 14 / 15, "near-topic declined": 11 / 18},
    # A development set in Chinese or Japanese, asked in the document's own language (Umi's Chinese FAQ
    # of 22 '##' questions under a '# FAQ' parent; NextChat's Chinese README, a raw '<h1>' title and 44 '###'
    # environment variables; FastAPI's Japanese deployment-concepts page with '/// tip' blocks), questioned
    # blind by a twenty-sixth helper session before any output; as they fell (ranked first 78 / 106, BM25
    # 79 / 106). All three make exactly their listed records; 40 of the 48 misses are declines
    # (docs/accuracy.md, "Twenty-sixth session").
    # Tuned on (a pair's characters as words, UNKNOWN_CJK_COST kept at 0.25): 69 / 106 right (ranked first
    # 76, BM25 79), off-topic 15 / 15, near-topic 14 / 18.
    "cjkdev": {"answerable right": 69 / 106, "off-topic declined": 15 / 15, "near-topic declined": 14 / 18},
    # Three more shapes (django-contrib-comments' docs folder of reStructuredText pages saved as .txt, as
    # Django keeps its docs; PEP 723, reStructuredText opening with an RFC 822 header block instead of a
    # title; SDS's README whose every heading is Setext, '===' and '---'), questioned blind by a
    # twenty-seventh helper session before any output; as they fell (ranked first 85 / 117, BM25 80 / 117).
    # The .txt pages are read as plain text, not reStructuredText: 34 of their 35 records show directives,
    # roles and ``literals`` as written, and the sections test fails on the folder (three records that are
    # not sections); the PEP's header is an "Introduction" run into one paragraph and its banner shows as
    # "packaging:inline-script-metadata"; the README makes exactly its 26 sections (docs/accuracy.md,
    # "Twenty-seventh session").
    # Since a .txt file of reStructuredText is read as such, a one-word marker directive shows nothing and a
    # PEP's header is its title and a field list: 76 / 117 right (ranked first 88, BM25 81), near-topic
    # 14 / 18 ("translate the comment form labels into german" now reaches the form's notes at 0.485)
    # (docs/accuracy.md, "After the twenty-seventh session").
    "blind27": {"answerable right": 76 / 117, "off-topic declined": 15 / 15, "near-topic declined": 14 / 18},
    # Three more shapes (Shaka Player's FAQ, whose 20 questions are bold '**Q:**' paragraphs between raw
    # '<hr>' lines, not headings; Bandit's man page in reStructuredText, made mostly of an option list
    # indented as a block quote; micro's default key bindings, a Markdown cheat sheet of eleven '###' tables),
    # questioned blind by a twenty-eighth helper session before any output; as they fell (ranked first
    # 73 / 90, BM25 79 / 90). The FAQ is one record of 11,689 characters (the title holding all 20
    # questions): its 29 / 30 "right" answers are that one record, shown whole (207 lines at 100 columns),
    # 5 of its 6 near-topic questions are answered by it at 82-93%, and the sections test fails on it
    # (recall 0%); the man page and the cheat sheet make exactly their listed records (docs/accuracy.md,
    # "Twenty-eighth session").
    # Since a page's labelled question paragraphs are its sections, the FAQ makes its 20 records: 59 / 90
    # right (ranked first 70, BM25 75), near-topic 16 / 18; the FAQ's own 25 / 30 are now earned by the
    # question's record (docs/accuracy.md, "After the twenty-eighth session").
    "blind28": {"answerable right": 59 / 90, "off-topic declined": 15 / 15, "near-topic declined": 16 / 18},
    # Three more shapes (a small mdBook folder, The Typeshare Book: src/SUMMARY.md over seven chapters, four
    # in a usage/ sub-folder; the README of the French State's design system, DSFR, asked in French; Lector's
    # 871-line README whose headings are numbered by hand, '### §2.1. Configuration: Bazel', under a
    # hand-written contents list), questioned blind by a twenty-ninth helper session before any output; as
    # they fell (ranked first 79 / 104, BM25 68 / 104). The book's SUMMARY.md, its sidebar, is a record
    # ("Summary"), so the sections test fails on the folder; the two READMEs make exactly their listed
    # records. HTML comments inside the README's ```html fences are dropped from the code (the only words
    # of "eviter le flash ... du mode sombre" go with them), and a section whose body is one '>' quote shows
    # its '>' (docs/accuracy.md, "Twenty-ninth session").
    # Since a book's SUMMARY.md of links is its navigation and comments in code are code: 66 / 104 right
    # (ranked first 78, BM25 68): the book's records changed and its learned layer with them; one right
    # answer fell ("struct behind cfg target_os android"); docs/accuracy.md, "After the twenty-ninth session".
    "blind29": {"answerable right": 66 / 104, "off-topic declined": 15 / 15, "near-topic declined": 13 / 18},
    # Three more shapes (XZ Utils' plain-text FAQ of 'Q:'/'A:' lines; HOL4's hand-written HTML FAQ page whose
    # questions are '<dt><strong>' terms with '<dd>' answers in seven '<h2>' groups; RapidJSON's Markdown FAQ
    # whose 51 questions are numbered list items in nine '##' groups), questioned blind by a thirtieth helper
    # session before any output; as they fell (ranked first 92 / 105, BM25 78 / 105). The HTML page makes its
    # eight '<h2>' groups (and its Contents list) as records and none of its 17 questions, the Markdown FAQ
    # its nine '##' groups and none of its 51 questions: their "right" answers are whole groups (up to 128
    # lines at 100 columns); the text FAQ misses one question (120, folded into the one above), shows every
    # answer paragraph after the first as code, and the sections test fails on all three
    # (docs/accuracy.md, "Thirtieth session").
    # Since a question that is a list item or a `<dt>` is a section, an `A:` answer's margin is its label's
    # and a `Q:` question may wrap over three lines: all three make exactly their sections; 76 / 105 right
    # (ranked first 85, BM25 78), near-topic 13 / 18; the groups' "right" answers that held every question
    # of a group are now each question's own (docs/accuracy.md, "After the thirtieth session").
    "blind30": {"answerable right": 76 / 105, "off-topic declined": 15 / 15, "near-topic declined": 13 / 18},
    # Three more shapes (The Silver Searcher's man page in ronn's Markdown man format, OPTIONS a ronn
    # definition list of 60 '* `--flag`:' items; Spring Batch's AsciiDoc glossary, one '[glossary]' list
    # of 19 'Term::' entries; Python-Markdown's Library Reference, a MkDocs page whose keyword arguments
    # are definition-list terms with attribute lists), questioned blind by a thirty-first helper session
    # before any output; as they fell (ranked first 83 / 94, BM25 85 / 94). The glossary makes one
    # record, its '==' title holding all 19 terms, so its 30 / 30 "right" are the whole list, and it
    # answers 3 of 5 off-topic questions with it ("what is the tallest building in the world" at 71%);
    # the reference page makes 5 records for 16 sections: an indented ':::python' code line opens a
    # container that never closes, so one 274-line record holds the page from line 28 on; the sections
    # test fails on both (docs/accuracy.md, "Thirty-first session").
    # Since definition-list terms with ids, AsciiDoc's `Term::` glossaries and Python-Markdown's indented
    # definitions and `:::python` lines are read: all three make their sections; 73 / 94 right (ranked first
    # 79, BM25 78), off-topic 15 / 15, near-topic 13 / 18, each "right" a term's own section, not the whole
    # list (docs/accuracy.md, "After the thirty-first and thirty-second sessions").
    "blind31": {"answerable right": 73 / 94, "off-topic declined": 15 / 15, "near-topic declined": 13 / 18},
    # Three more shapes (Babel's CONTRIBUTING.md, a development guide under an HTML navigation bar of anchor
    # links; Jest's CLI reference, 53 options each a '### `--flag`' heading; ldns' plain-text README in BSD
    # style, ALL-CAPS and '* '-starred titles with no underline and their text on the next line), questioned
    # blind by a thirty-second helper session before any output; as they fell (ranked first 86 / 103, BM25
    # 78 / 103). The two Markdown pages make exactly their listed records; the plain-text README makes 4 of
    # its 12 (no capitals title followed directly by its text and no starred title is one): its 74-line
    # introduction holds six sections and KNOWN ISSUES two more, 18 of its 24 right answers are those merged
    # records, and the sections test fails on it (docs/accuracy.md, "Thirty-second session").
    # Since capitals titles right over their text and `* ` titles are read (and a contents paragraph goes
    # whole): the README makes its 12 sections; 79 / 103 right (ranked first 83, BM25 77), near-topic 14 / 18.
    # 79 -> 80 once an `<img alt>` in prose says its alt text ("which folder holds the tests": writing-tests).
    "blind32": {"answerable right": 80 / 103, "off-topic declined": 14 / 15, "near-topic declined": 14 / 18},
    # Three more shapes (flake8's option reference, a Sphinx reStructuredText page whose 37 options are
    # '.. option::' directives under '.. program:: flake8'; uuid's README, a Markdown API reference whose
    # '###' headings are signatures over two-column parameter tables with an empty header row; Oh My Zsh's
    # common-aliases README, a cheat sheet of 'Alias | Command | Description' tables), questioned blind by
    # a thirty-third helper session before any output; as they fell (ranked first 88 / 105, BM25 83 /
    # 105). The two Markdown pages make exactly their listed records; the option reference makes 2 of its
    # 38: no '.. option::' is a record, so one 874-line record ('Options and their Descriptions') holds
    # all 37 options, all 34 of its 40 "right" answers are that record, it answers an off-topic question
    # ("how to boil an egg" at 52%) and 3 of 6 near-topic ones, and the sections test fails on it
    # (docs/accuracy.md, "Thirty-third session").
    # Since a reference of three or more `.. option::` entries is a section an option: flake8's 37 options
    # are 37 records (its 34 / 40 "right" were one 874-line record holding them all, which also answered
    # "how to boil an egg"); 58 / 105 right (ranked first 77, BM25 70), off-topic 15 / 15, near-topic
    # 16 / 18 (docs/accuracy.md, "After the thirty-third and thirty-fourth sessions").
    "blind33": {"answerable right": 58 / 105, "off-topic declined": 15 / 15, "near-topic declined": 16 / 18},
    # Three more shapes (Hatch's installation page, a MkDocs-Material page whose installers are content
    # tabs nested three deep with '!!! warning' admonitions; Hydra's "Open a head on testnet", a Docusaurus
    # tutorial read as MDX that installs per platform in <Tabs>/<TabItem>, then per participant, import lines
    # mid-page, '- [ ]' checklists, ':::' admonitions and <details>; PagerDuty's security incident runbook, no
    # title in the file, a numbered checklist each item of which a later '##' details), questioned blind by a
    # thirty-fourth helper session before any output; as they fell (ranked first 73 / 89, BM25 70 / 89). All
    # three make exactly their listed sections and the sections tests pass; the Docusaurus page drops every
    # <TabItem> label (the Linux and macOS commands, and Alice's and Bob's, run together unlabelled) and shows
    # its mid-page 'import Tabs ...' lines as text (docs/accuracy.md, "Thirty-fourth session").
    "blind34": {"answerable right": 66 / 89, "off-topic declined": 15 / 15, "near-topic declined": 17 / 18},
    # Three more shapes (the API health check Internet-Draft in its plain-text form, numbered titles
    # '4.10.  Additional Keys' and fifteen pages of footers, form feeds and running headers; aiohttp's Sphinx
    # glossary, 17 '.. glossary::' terms and three '.. envvar::' entries; the ST Pipeline's README of 2021,
    # fifteen sections titled by bold-only lines), questioned blind by a thirty-fifth helper session before
    # any output; as they fell (ranked first 88 / 97, BM25 88 / 97). The draft makes its 36 sections and two
    # more (its header block as an "Introduction", its table of contents); the glossary makes 3 of its 20
    # (one 107-line 'Glossary' record holds all 17 terms) and the README 1 of its 16 (one 210-line record):
    # 21 of the glossary's 26 "right" and all 29 of the README's are those merged records, which also answer
    # 3 and 5 of the 6 near-topic questions; the sections tests fail on all three, and the title check here
    # fails on the draft ('1.  Introduction' ties with the extra "Introduction" at 100 and is declined)
    # (docs/accuracy.md, "Thirty-fifth session").
    # Since an RFC's pages, header and dotted contents, bold-only titles and `.. glossary::` are read: all
    # three make their sections; 79 / 97 right (ranked first 85, BM25 79), near-topic 15 / 18 (the README's
    # and the glossary's "right" answers were one record each holding the whole document or list).
    "blind35": {"answerable right": 79 / 97, "off-topic declined": 15 / 15, "near-topic declined": 15 / 18},
    # Three more shapes (CiderPress' 2007 source README, an HTML page saved by FrontPage with unclosed
    # <p>/<li>, '<h2><a name>' headings and a hand-written contents list, CRLF; Elsewhen's project guidelines,
    # a 954-line Markdown guide with an empty '<a name>' line over almost every heading and a hand-written
    # contents list of links to them; the MicroProfile Health specification, an AsciiDoc book whose master
    # file is six 'include::' lines pulling in chapters that open with level-0 part titles), questioned blind
    # by a thirty-sixth helper session before any output; as they fell (ranked first 83 / 106, BM25 77 / 106).
    # The HTML README makes exactly its 13 sections; the Markdown guide makes its 20 and one more, the line of
    # translation links above its logo ('About Project Guidelines ·'); the AsciiDoc book makes 47 of its 50:
    # the book's title (the master file) is no record and its included licence block is a record titled
    # 'license alv2' with '{doctitle}'/'{revnumber}' shown as written, and the three 'API/SPI Changes' sub-
    # titles are no records (their lists are read into their release's record). The sections tests fail on the
    # guide and on the book (docs/accuracy.md, "Thirty-sixth session").
    # Since an AsciiDoc book follows its include:: lines (its title's text is the included licence) and a
    # row of translation links above a title is no introduction: all three make their sections (API/SPI
    # Changes, three times, counted as its release's part as a changelog's categories are); 77 / 106 right
    # (ranked first 84, BM25 78), as fell (docs/accuracy.md, "After the thirty-fifth and thirty-sixth").
    "blind36": {"answerable right": 77 / 106, "off-topic declined": 15 / 15, "near-topic declined": 12 / 18},
    # Two more shapes (wpscan_out_parse's package page generated by pdoc 0.8.4, functions, classes and methods
    # as <dt>/<dd> entries under "Functions"/"Classes"/"Methods" headings; khaiii's Korean README, Setext
    # headings and a repeated "v0.3"/"v0.4" pair), questioned blind by a thirty-eighth helper session before
    # any output; as they fell (ranked first 31 / 54, BM25 24 / 54); the sections test fails on the pdoc
    # page (docs/accuracy.md, "Thirty-eighth session").
    # Since pdoc's `<dt id>` entries are sections (its folded source not shown) and Korean is read as pairs
    # of syllables (its particles cling to its words): 31 / 54 right (ranked first 35, BM25 35), near-topic
    # 8 / 12 (khaiii answers more, 4 near-topic questions among them); docs/accuracy.md, "After the
    # thirty-seventh and thirty-eighth sessions".
    "blind38": {"answerable right": 31 / 54, "off-topic declined": 10 / 10, "near-topic declined": 8 / 12},
    # Thirty-seventh session: Prettier's options reference (a default and CLI/API table under each '##'),
    # Transformers' quantization concept guide ('$...$' and '$$...$$' LaTeX beside a python fence) and
    # Brazilian Utils' Portuguese README, questioned blind (blind37), as fell: 60 / 88 right (ranked first
    # 66, BM25 67). The sections test fails on the README: its '<h1>' title in a centred '<div>' is read as
    # an introduction titled 'About Introdução' (docs/accuracy.md, "Thirty-seventh session").
    "blind37": {"answerable right": 60 / 88, "off-topic declined": 15 / 15, "near-topic declined": 14 / 18},
}
# Expected calibration error of the confidence (benchmarks/fit_confidence.py), held-out questions: the
# issue's 0.05. Measured 0.038 and 0.036 since the isotonic map (0.071 and 0.060 before it).
ECE_CEILINGS = {"all documents holdout": 0.05, "shipped pack, holdout.yaml": 0.05}
CLINC = REPO.parent / "shared" / "bench" / "clinc" / "clinc150_train_val.json"


@pytest.fixture(scope="module")
def shipped() -> tuple[Matcher, Rule]:
    """The shipped pack's matcher and the rule `ask` answers it by (its settings: threshold and margin)."""
    pack = load_pack(SHIPPED)
    return Matcher.build(bridge.documents(pack)), bridge.effective(pack.settings)


def cases_of(name: str, kind: str) -> list[Case]:
    rows = yaml.safe_load((REPO / "tests" / "eval" / name).read_text(encoding="utf-8"))
    return [
        Case(row["query"], row["expect"])
        for row in rows
        if (kind == "answerable" and row["expect"] is not None)
        or (row["expect"] is None and row["kind"] == kind)
    ]


@pytest.mark.parametrize(("name", "kind"), sorted(FLOORS))
def test_shipped_pack_accuracy_never_drops(shipped: tuple[Matcher, Rule], name: str, kind: str) -> None:
    matcher, rule = shipped
    cases = cases_of(name, kind)
    report = evaluate(matcher, cases, **rule._asdict())
    rate = report.in_scope_accuracy if kind == "answerable" else report.oos_recall
    assert rate >= FLOORS[(name, kind)], [(f.query, f.expect, f.got, round(f.score)) for f in report.failures]


def test_question_sets_are_the_size_the_issue_asks() -> None:
    for name in ("questions.yaml", "holdout.yaml"):
        answerable, unanswerable = (
            cases_of(name, "answerable"),
            [case for kind in ("off-topic", "near-topic") for case in cases_of(name, kind)],
        )
        assert len(answerable) + len(unanswerable) >= 150
        assert len(unanswerable) >= 40


@pytest.mark.skipif(
    not CLINC.exists(), reason="CLINC150 lives in ../shared/bench/clinc, beside the repository"
)
def test_clinc150_val_meets_the_targets() -> None:
    clinc = _benchmark("clinc")  # benchmarks/clinc.py builds the CLINC pack and val cases

    documents, cases = clinc.load(CLINC)
    index = Matcher.build(documents)
    threshold, margin = calibrate(index, cases)
    report = evaluate(index, cases, threshold=threshold, margin=margin)
    # Measured 2715 / 3000 = 90.5% (the issue's target) and 55.0%, since a number of three digits or more
    # the pack lacks costs a quarter of a rare word (matcher.UNKNOWN_NUMBER_COST; 2714 before).
    assert report.in_scope_accuracy >= 2715 / 3000 - 1e-9
    assert report.oos_recall >= 0.55 - 1e-9


def _benchmark(name: str) -> Any:
    sys.path.insert(0, str(REPO / "benchmarks"))
    return importlib.import_module(name)


@pytest.mark.parametrize("split", sorted(DOCUMENT_FLOORS))
def test_documents_accuracy_never_drops(split: str) -> None:
    docs_accuracy = _benchmark("docs_accuracy")
    total: Counter[str] = Counter()
    for slug in docs_accuracy.SPLITS[split]:
        total.update({key: value for key, value in docs_accuracy.measure(slug).items() if key != "slug"})
    for figure, floor in DOCUMENT_FLOORS[split].items():
        kind = figure.split(" ")[0]
        rate = total[figure] / total[f"{kind} cases"]
        assert rate >= floor - 1e-9, f"{split} {figure}: {rate:.3f} < {floor:.3f}"
    # Every section's own title, asked word for word, answers that section (a sub-section whose text
    # repeats the title reaches the same score: 27 of 1,249 titles of 45 documents were declined before).
    assert total["title answered"] == total["title cases"] > 0, (
        split,
        total["title answered"],
        total["title cases"],
    )


def test_confidence_is_calibrated_on_held_out_questions() -> None:
    fit_confidence = _benchmark("fit_confidence")
    sets = fit_confidence.collect("holdout")
    documents = [sample for name, found in sets.items() if name.startswith("document") for sample in found]
    found = {
        "all documents holdout": documents,
        "shipped pack, holdout.yaml": sets["shipped pack, holdout.yaml"],
    }
    for name, ceiling in ECE_CEILINGS.items():
        error, _ = fit_confidence.reliability(found[name])
        assert error <= ceiling, f"{name}: expected calibration error {error:.3f} > {ceiling}"
