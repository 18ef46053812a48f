"""From two independent hand codings of the source extract to coded tables, reproducibly.

Every case of the extract (``data/raw/shared-sources/``: one row per case or published figure,
each with its URL and a verbatim quote) was coded twice, by reading the quote and the page,
by two coders who saw neither each other's codes nor the earlier data
(``data/coding/coder_a.csv``, ``coder_b.csv``: one row per case and item, with the supporting
quote, where it was read, and the coder's reason). Where they disagreed an adjudicator decided,
again by reading, and wrote why (``resolutions.csv``); a reviewer may overrule an agreed value
where sources the coders did not read conflict (``reviews.csv``, each with its reason). No keyword
rule decides a value.

:func:`build` takes the agreed value, or the resolved one, for every case and item, writes the
final judgement of each (``judgements.csv``: value, quote, reason, decided by) and derives:

* ``cases``: one row per case; the row's locator is the extract's quote;
* ``persons``: one row per person the source counts (a group of unstated size is one row of
  unit ``group_size_unknown``), with the case's determination, recommendation and sanction status;
* ``events``: one row per step the evidence mentions: done (``occurred``), stated not done
  (``not_occurred``) or only announced (``planned``); Bawaslu's own steps carry the handling
  office as actor, KASN/BKN's recommendation the recipient, and nothing else is assumed;
* ``tallies``: the published figures, each judged row by row (``tally_judgements.csv``).

The hand-coded thesis rows (``data/thesis/``) are added as they are. ``python -m
netralitas_study.coding`` writes the tables to ``data/``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from netralitas_study import codebook
from netralitas_study.codebook.package import DEFAULT_DATA, read_csv_text
from netralitas_study.maintainers.extract import (RAW, CodingError, election as _election,
                                                    province_codes as _province_codes, read_extract, source_id)
from netralitas_study.maintainers.tallies import code_tallies

CASE_ITEMS = ["origin", "handled_by", "violation_forms", "role", "agency_type", "employment", "persons",
              "determination", "recipients", "recommendation", "outcome_status", "sanction_imposed"]
BAWASLU_STEPS = {"informasi_awal", "penelusuran", "penetapan_temuan", "penerimaan_laporan", "kajian_awal", "registrasi",
                 "klarifikasi", "kajian", "pleno", "pengumuman_status", "penerusan", "penyerahan_lain", "tindak_lanjut",
                 "sidang_pendahuluan", "putusan_pendahuluan", "sidang_ajudikasi", "putusan_ajudikasi"}
FREE_TEXT = ("role",)
"""Items coded as free text: compared by neither alpha nor an adjudicator (see :func:`final_judgements`)."""
STATUS = {"done": "occurred", "not_done": "not_occurred", "planned": "planned", "pending": "pending"}
REVIEWED_PREFIXES = ("step:", "actor:", "after_stage")
"""Items a reviewer may add although neither coder coded them: a step both missed, the actor of a step, the
election stage a case's acts follow."""
SCOPE = {"yes": "ya", "no": "tidak", "unknown": "unknown"}
LOW_RELIABILITY_HOSTS = ("harusidmpo.shop", "wbialogorze.info", "armorthemes.com", "wideo.ovh", "dailytv.net")
OFFICIAL_HOST = re.compile(r"(?:^|\.)(?:go\.id|bawaslu\.go\.id|kasn\.go\.id|bkn\.go\.id)$")
ACADEMIC_HOST = re.compile(r"(?:\.ac\.id$|garuda|jurnal|repository|eprints|digilib|rama\.kemdikbud)")


def decide(a: pd.DataFrame, b: pd.DataFrame, resolved: pd.DataFrame, files: str, round_: str = "") -> pd.DataFrame:
    """One row per case and item of two codings: the agreed value (a step also on its date), a free-text item
    as stated, else the adjudicator's decision; a disagreement no one decided is an error naming ``files``.

    ``a``, ``b`` and ``resolved`` are indexed by ``(case_ref, item)``; ``round_`` labels who decided.
    """
    rows = []
    for key in a.index.union(b.index):
        ra = a.loc[key] if key in a.index else None
        rb = b.loc[key] if key in b.index else None
        va, vb = (r["value"] if r is not None else "absent" for r in (ra, rb))
        same_date = ra is None or rb is None or ra["date"] == rb["date"] or not key[1].startswith("step:")
        row = {"case_ref": key[0], "item": key[1]}
        if va == vb and same_date:
            row.update(value=va, date=ra["date"], quote=ra["quote"] or rb["quote"], basis=ra["basis"],
                       reason=ra["reason"] or rb["reason"], decided_by=f"both coders{round_}")
        elif key[1] in FREE_TEXT:
            # free text is not adjudicated: a stated position wins over a missing code, coder A's wording
            # when both state one
            pick = ra if (ra is not None and va not in codebook.missing_codes()) or rb is None else rb
            row.update(value=pick["value"], date="", quote=pick["quote"], basis=pick["basis"], reason=pick["reason"],
                       decided_by="coder A" if pick is ra else "coder B")
        elif key in resolved.index:
            r = resolved.loc[key]
            row.update(value=r["value"], date=r["date"], quote=r["quote"], basis="adjudicated", reason=r["reason"],
                       decided_by=f"adjudicator{round_}")
        else:
            raise CodingError(f"{key[0]} {key[1]}: coders disagree ({va!r} vs {vb!r}) and {files} has no decision")
        rows.append(row)
    return pd.DataFrame(rows)


def _read(coding: Path, name: str) -> pd.DataFrame:
    return read_csv_text(coding / name).set_index(["case_ref", "item"])


def final_judgements(coding: Path) -> pd.DataFrame:
    """One row per case and item: the agreed value, or the adjudicator's, with its quote and reason."""
    out = decide(_read(coding, "coder_a.csv"), _read(coding, "coder_b.csv"), _read(coding, "resolutions.csv"),
                 "resolutions.csv")
    if (coding / "steps_round2_a.csv").is_file():
        # the second double coding of the steps, under the sharper guide, replaces the first one's steps
        out = pd.concat([out[~out["item"].str.startswith("step:")], round2_steps(coding)], ignore_index=True)
    # a reviewer may overrule even an agreed value, e.g. where outlets the coders did not read conflict
    reviews = read_csv_text(coding / "reviews.csv")
    for r in reviews.itertuples(index=False):
        hit = out["case_ref"].eq(r.case_ref) & out["item"].eq(r.item)
        if not hit.any() and not r.item.startswith(REVIEWED_PREFIXES):
            raise CodingError(f"reviews.csv: {r.case_ref} {r.item} is not a coded item")
        if not hit.any():  # a step both coders missed, or a step's actor
            out = pd.concat([out, pd.DataFrame([{"case_ref": r.case_ref, "item": r.item}])], ignore_index=True)
            hit = out["case_ref"].eq(r.case_ref) & out["item"].eq(r.item)
        out.loc[hit, ["value", "date", "quote", "basis", "reason", "decided_by"]] = [
            r.value, r.date, r.quote, "review", r.reason, "reviewer"]
    out = out.sort_values(["case_ref", "item"], kind="stable")
    return out[out["value"].ne("absent")].reset_index(drop=True)


def round2_steps(coding: Path) -> pd.DataFrame:
    """The steps of the second double coding (``steps_round2_a.csv``, ``_b.csv``, ``steps_round2_resolutions.csv``).

    A case in which a coder saw no step carries a ``step:none`` row, which says it was read and is not a step.
    """
    a, b = (_read(coding, f"steps_round2_{k}.csv").drop(index="step:none", level="item", errors="ignore")
            for k in ("a", "b"))
    return decide(a, b, _read(coding, "steps_round2_resolutions.csv"), "steps_round2_resolutions.csv", " (round 2)")


def _item(j: pd.DataFrame, item: str) -> pd.Series:
    return j[j["item"].eq(item)].set_index("case_ref")["value"]


def _single(value: str) -> str:
    """A list value as one code for a per-person field: the code itself, or 'unknown' for several."""
    return "unknown" if "|" in value else value


def code_cases(raw: pd.DataFrame, judgements: pd.DataFrame, scope: pd.DataFrame | None = None,
               persons_review: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Cases, persons and events from the extract's rows and the final judgements.

    ``scope`` (``data/coding/scope.csv``) says, by reading, whether each case was handled by Bawaslu;
    ``persons_review`` (``data/coding/persons_review.csv``) codes persons one by one where the source
    allocates roles or outcomes to them (an empty cell keeps the value derived from the case).
    """
    provinces = _province_codes()
    unknown = sorted(set(raw["province"]) - set(provinces))
    if unknown:
        raise CodingError(f"provinces not in the codebook: {unknown}")
    coded = set(judgements["case_ref"])
    missing = sorted(set(raw["case_ref"]) - coded)
    if missing:
        raise CodingError(f"cases with no coding: {missing[:10]}")
    v = {item: _item(judgements, item).reindex(raw["case_ref"]).fillna("not_reported").to_numpy()
         for item in CASE_ITEMS}
    kind_year = raw["election"].map(_election)
    sid = raw["source_url"].map(source_id)
    cases = pd.DataFrame({
        "case_id": raw["case_ref"], "election_type": kind_year.str[0], "election_year": kind_year.str[1].astype(str),
        "province": raw["province"].map(provinces),
        "regency": raw["regency_city"].where(raw["regency_city"].ne(""), "not_reported"),
        "handled_by": v["handled_by"],
        # a case collected after the scope review was read for scope by its two coders (item in_scope)
        "in_scope": (raw["case_ref"].map(scope.set_index("case_ref")["in_scope"].map(SCOPE)) if scope is not None
                     else pd.Series(pd.NA, index=raw.index)).fillna(
                         pd.Series(_item(judgements, "in_scope").reindex(raw["case_ref"]).to_numpy(), index=raw.index)
                     ).fillna("not_reported"),
        "after_stage": _item(judgements, "after_stage").reindex(raw["case_ref"]).fillna("not_reported").to_numpy(),
        "origin": v["origin"], "violation_forms": v["violation_forms"],
        "violation_form_candidates": "not_applicable", "role": v["role"], "agency_type": v["agency_type"],
        "employment": v["employment"], "persons": v["persons"], "determination": v["determination"],
        "recipient": v["recipients"], "recommendation": v["recommendation"],
        "source_id": sid, "locator": "quote: " + raw["quote"],
        "notes": "Coded twice by reading the quote and page; every value's quote and reason: "
                 "data/coding/judgements.csv.",
    })
    persons = _persons(cases, v)
    if persons_review is not None:
        persons = review_persons(persons, persons_review)
    events = _events(cases, judgements)
    return cases, persons, events


PERSON_REVIEW_ITEMS = {"role_code": "role", "role_other": "role_other", "agency_type": "agency_type",
                       "status": "status", "sanction_imposed": "sanction_imposed", "imposed_by": "imposed_by",
                       "recommendation": "recommendation"}


def review_persons(persons: pd.DataFrame, review: pd.DataFrame) -> pd.DataFrame:
    """Person rows with every value a reviewer coded for that person (empty cells keep the derived value)."""
    out = persons.copy()
    if "role_other" not in out.columns:
        out.insert(out.columns.get_loc("role") + 1, "role_other", "")
    ids = review["case_ref"] + "-P" + review["person"].astype(str)
    unknown = sorted(set(ids[review["case_ref"].isin(out["case_id"])]) - set(out["person_id"]))
    if unknown:
        raise CodingError(f"persons_review.csv: persons not in the case's count: {unknown[:10]}")
    at = pd.Series(range(len(out)), index=out["person_id"])
    for col, field in PERSON_REVIEW_ITEMS.items():
        given = review[col].ne("") & ids.isin(at.index)
        out.iloc[at[ids[given]].to_numpy(), out.columns.get_loc(field)] = review.loc[given, col].to_numpy()
    # a reviewed status decides what the sanction fields can say (a recommended tier is never an imposed one)
    reviewed = ids[review["status"].ne("") & ids.isin(at.index)]
    rows = at[reviewed].to_numpy()
    status = out["status"].iloc[rows]
    after = status.isin(codebook.NOT_IMPOSED)
    for field in ("sanction_imposed", "imposed_by", "imposed_date"):
        out.iloc[rows[after.to_numpy()], out.columns.get_loc(field)] = "not_applicable"
    return out


def _persons(cases: pd.DataFrame, v: dict) -> pd.DataFrame:
    status = pd.Series(v["outcome_status"]).replace({"some_imposed": "unknown"})
    rows = []
    for i, case in enumerate(cases.itertuples(index=False)):
        n = int(case.persons) if str(case.persons).isdigit() else 0
        imposed = status[i] in ("imposed", "annulled")
        # after an imposed sanction the tier and who imposed it are asked of the source; after a
        # recommendation only, a pending case or none they do not apply; when what followed is unknown, neither is
        after = "not_applicable" if status[i] in codebook.NOT_IMPOSED else "not_reported"
        for k in range(max(n, 1)):
            rows.append({
                "person_id": f"{case.case_id}-P{k + 1}", "case_id": case.case_id,
                "unit": "person" if n else "group_size_unknown",
                **dict(zip(("role", "role_other"), codebook.role_code(case.role) if "; " not in case.role
                           else ("unknown", ""))),
                "agency_type": _single(case.agency_type), "employment": case.employment,
                "determination": case.determination, "recommendation": _single(v["recommendation"][i]),
                "recommended_by": _recommender(case.recipient, v["recommendation"][i]),
                "status": status[i],
                "sanction_imposed": _single(v["sanction_imposed"][i]) if imposed else after,
                "imposed_by": "not_reported" if imposed else after,
                "imposed_date": "not_reported" if imposed else after,
                "source_id": case.source_id, "locator": case.locator,
                "notes": "" if n else "The source does not state how many persons: one row stands for the group.",
            })
    return pd.DataFrame(rows)


def _recommender(recipients: str, recommendation: str) -> str:
    if recommendation in codebook.missing_codes():
        return "not_applicable" if recommendation == "not_applicable" else "not_reported"
    to = set(recipients.split("|")) & {"kasn", "bkn"}
    return to.pop() if len(to) == 1 else "unknown"


def _events(cases: pd.DataFrame, judgements: pd.DataFrame) -> pd.DataFrame:
    steps = judgements[judgements["item"].str.startswith("step:")].copy()
    steps["step"] = steps["item"].str.removeprefix("step:")
    bad = sorted(set(steps["step"]) - set(codebook.vocabulary("step")["value"]))
    if bad:
        raise CodingError(f"step codes not in the codebook: {bad}")
    order = {s: k for k, s in enumerate(codebook.vocabulary("step")["value"])}
    steps = steps.assign(_o=steps["step"].map(order))
    case_order = {c: k for k, c in enumerate(cases["case_id"])}
    steps = steps[steps["case_ref"].isin(case_order)]
    steps = steps.assign(_c=steps["case_ref"].map(case_order)).sort_values(["_c", "_o"], kind="stable")
    info = cases.set_index("case_id")
    handled = steps["case_ref"].map(info["handled_by"])
    recipient = steps["case_ref"].map(info["recipient"])
    actor = pd.Series("not_reported", index=steps.index)
    own = steps["step"].isin(BAWASLU_STEPS) & ~handled.isin(codebook.missing_codes() + ["lainnya"])
    actor[own] = handled[own]
    rec = steps["step"].eq("rekomendasi_kasn_bkn") & recipient.isin(["kasn", "bkn"])
    actor[rec] = recipient[rec]
    # a reviewer's reading of who did a step (a Panwascam, Gakkumdu, the PPK) wins over the case's office
    named = judgements[judgements["item"].str.startswith("actor:")]
    named = named.set_index(named["case_ref"] + "-" + named["item"].str.removeprefix("actor:"))["value"]
    key = steps["case_ref"] + "-" + steps["step"]
    actor = named.reindex(key).set_axis(steps.index).fillna(actor)
    stray = sorted(set(named.index) - set(key))
    if stray:
        raise CodingError(f"reviews.csv: actor of a step no event has: {stray[:10]}")
    status = steps["value"].map(STATUS)
    return pd.DataFrame({
        "event_id": steps["case_ref"] + "-" + steps["step"], "case_id": steps["case_ref"], "step": steps["step"],
        "status": status, "date": steps["date"].where(steps["date"].ne("") & status.eq("occurred"), "not_reported"),
        "actor": actor, "source_id": steps["case_ref"].map(info["source_id"]),
        "locator": ("quote: " + steps["quote"]).where(steps["quote"].ne(""), "data/coding/judgements.csv"),
        "notes": steps["reason"],
    }).reset_index(drop=True)


def code_sources(urls: pd.Series, dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """One source row per distinct URL, typed by its host, with its publication date as read.

    ``dates`` (``data/coding/source_dates.csv``): the day the URL or the page's dateline gives
    (``published``); where only the month is known, its last day as an upper bound (``published_latest``).
    """
    urls = pd.Series(sorted(set(urls)))
    hosts = urls.map(lambda u: urlparse(u).netloc.lower().removeprefix("www."))
    kind = pd.Series("berita", index=urls.index)
    kind[hosts.str.contains(ACADEMIC_HOST)] = "akademik"
    kind[hosts.str.contains(OFFICIAL_HOST)] = "resmi"
    low = hosts.str.endswith(LOW_RELIABILITY_HOSTS)
    out = pd.DataFrame({
        "source_id": urls.map(source_id), "type": kind, "title": "Web page at " + hosts, "url": urls,
        "reference": "Read for the study's source extract (shared/sources); quote in the citing row's locator.",
        "published": "not_reported", "published_latest": "not_reported", "published_locator": "",
        "notes": low.map({True: "LOW RELIABILITY: mirror or spam-looking domain; use only with a primary "
                                "confirmation.", False: ""}),
    })
    return out if dates is None else date_sources(out, dates)


def date_sources(sources: pd.DataFrame, dates: pd.DataFrame) -> pd.DataFrame:
    """Sources with the publication dates a coder read (day, or month as an upper bound), with where."""
    d = dates.set_index("source_id").reindex(sources["source_id"])
    dated = d["published_from"].notna() & ~d["published_from"].isin(codebook.missing_codes())
    day = dated & d["published_from"].eq(d["published_to"])
    out = sources.copy()
    out["published"] = d["published_from"].where(day, "not_reported").to_numpy()
    out["published_latest"] = d["published_to"].where(dated & ~day, "not_reported").where(~day, "not_applicable").to_numpy()
    out["published_locator"] = (d["basis"] + ": " + d["locator"]).where(dated, "").to_numpy()
    return out


def build(data_dir: str | Path = DEFAULT_DATA) -> dict[str, pd.DataFrame]:
    """All coded tables: the hand-coded thesis rows plus the extract as the coders read it."""
    data_dir = Path(data_dir)
    coding = data_dir / "coding"
    raw_cases = read_extract(data_dir)
    raw_tallies = read_csv_text(data_dir / RAW / "aggregates.csv")
    judgements = final_judgements(coding)
    cases, persons, events = code_cases(raw_cases, judgements, read_csv_text(coding / "scope.csv"),
                                        read_csv_text(coding / "persons_review.csv"))
    tallies = code_tallies(raw_tallies, coding)
    dates = read_csv_text(coding / "source_dates.csv")
    sources = code_sources(pd.concat([raw_cases["source_url"], raw_tallies["source_url"]]), dates)
    thesis = {t: read_csv_text(data_dir / "thesis" / f"{t}.csv") for t in ("cases", "persons", "events", "sources")}
    out = {
        "cases": pd.concat([thesis["cases"], cases], ignore_index=True),
        "persons": pd.concat([thesis["persons"], persons], ignore_index=True),
        "events": pd.concat([thesis["events"], events], ignore_index=True),
        "sources": pd.concat([thesis["sources"], sources], ignore_index=True),
        "tallies": tallies,
    }
    out = {t: df[codebook.field_names(t)].fillna("") for t, df in out.items()}
    out["judgements"] = judgements
    return out


def write(data_dir: str | Path = DEFAULT_DATA, docs: str | Path | None = None) -> None:
    """Rebuild the coded CSVs, the final judgements, the descriptor and the data note."""
    from netralitas_study.codebook.package import write_descriptor

    data_dir = Path(data_dir)
    tables = build(data_dir)
    tables.pop("judgements").to_csv(data_dir / "coding" / "judgements.csv", index=False, lineterminator="\n")
    for table, df in tables.items():
        df.to_csv(data_dir / f"{table}.csv", index=False, lineterminator="\n")
    write_descriptor(data_dir)
    docs = Path(docs) if docs else data_dir.parent / "docs"
    if docs.is_dir():
        from netralitas_study.maintainers.datanote import data_note

        (docs / "data.md").write_text(data_note(data_dir), encoding="utf-8")


if __name__ == "__main__":
    write(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DATA)
