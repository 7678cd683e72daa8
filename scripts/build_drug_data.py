"""Build resources/drugs/ (the bundled drug vocabulary and the interaction, class and high-alert tables).

    python scripts/build_drug_data.py [--shared ../shared/data] [--brands PICKLE]

Inputs (read here only, never by the app): ../shared/data/drug-vocabulary (NDF-RT/RxNorm ingredient names and
RxCUIs; the Synthea clinical drugs), ../shared/data/ddi (the 15 ONC pairs, HL7 PDDI-CDS value sets), and optionally
the dictionary of the MIT-licensed PyPI package drug-named-entity-recognition 2.0.9 (brand names -> generics).
The class lists this script writes out by hand are marked as such in resources/drugs/SOURCE.md.
Output is deterministic: running it twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import bz2
import csv
import json
import pickle
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "drugs"
FHIR = "{http://hl7.org/fhir}"

# Salt and hydrate words RxNorm keeps in precise-ingredient names but not in the ingredient ("warfarin sodium").
SALT_WORDS = frozenset(
    [
        "sodium",
        "potassium",
        "calcium",
        "magnesium",
        "hydrochloride",
        "hcl",
        "dihydrochloride",
        "hydrobromide",
        "sulfate",
        "bisulfate",
        "succinate",
        "tartrate",
        "bitartrate",
        "besylate",
        "maleate",
        "mesylate",
        "fumarate",
        "citrate",
        "acetate",
        "phosphate",
        "chloride",
        "bromide",
        "malate",
        "lactate",
        "gluconate",
        "nitrate",
        "disodium",
        "monohydrate",
        "dihydrate",
        "trihydrate",
        "hyclate",
        "pamoate",
        "propionate",
        "dipropionate",
        "valerate",
        "butyrate",
        "hemihydrate",
        "anhydrous",
        "monosodium",
        "tromethamine",
        "meglumine",
    ]
)

# Synthea rows whose ingredients cannot be read from the display (brand-only packs) or were guessed wrong;
# ingredients from the products' US labelling (RxNorm ingredient names).
SYNTHEA_FIXES: dict[str, list[str]] = {
    "751905": ["norgestimate", "ethinyl estradiol"],  # Trinessa
    "748856": ["drospirenone", "ethinyl estradiol"],  # Yaz
    "749762": ["levonorgestrel", "ethinyl estradiol"],  # Seasonique
    "807283": ["levonorgestrel"],  # Mirena
    "1367439": ["etonogestrel", "ethinyl estradiol"],  # NuvaRing
    "748879": ["levonorgestrel", "ethinyl estradiol"],  # Levora
    "978950": ["dienogest", "estradiol"],  # Natazia (estradiol valerate)
    "1605257": ["levonorgestrel"],  # Liletta
    "1856546": ["levonorgestrel"],  # Kyleena
    "749785": ["norgestimate", "ethinyl estradiol"],  # Ortho Tri-Cyclen
    "1359133": ["norethindrone", "ethinyl estradiol", "ferrous fumarate"],  # Estrostep Fe
    "749882": ["norethindrone", "mestranol"],  # Norinyl 1+50
    "106892": ["insulin isophane, human", "insulin regular, human"],  # Humulin 70/30
    "1234995": ["rocuronium"],
    "904419": ["alendronate"],
}

FORMS = (  # longest first: the first phrase found in a display names the form
    "extended release oral tablet",
    "extended release oral capsule",
    "delayed release oral tablet",
    "delayed release oral capsule",
    "disintegrating oral tablet",
    "chewable tablet",
    "oral tablet",
    "oral capsule",
    "oral solution",
    "oral suspension",
    "injectable solution",
    "injectable suspension",
    "prefilled syringe",
    "auto-injector",
    "injection",
    "metered dose inhaler",
    "dry powder inhaler",
    "inhalant solution",
    "inhalation solution",
    "nasal spray",
    "mucosal spray",
    "ophthalmic solution",
    "otic solution",
    "topical cream",
    "topical gel",
    "topical ointment",
    "topical lotion",
    "topical solution",
    "transdermal system",
    "transdermal patch",
    "drug implant",
    "intrauterine system",
    "vaginal ring",
    "rectal suppository",
    "day pack",
)
_STRENGTH = re.compile(
    r"\d[\d.,/]*\s*(?:mg|mcg|unt|meq|ml|%|mg/ml|mg/actuat|mg/hr)(?:/(?:ml|actuat|hr|mg))?", re.I
)


def norm(text: str) -> str:
    return " ".join(text.casefold().split())


# ---------------------------------------------------------------------------------------------- ingredients


def read_ndfrt(path: Path) -> dict[str, str]:
    """RxCUI -> ingredient name (lower case). VA names are closest to RxNorm's; NDF-RT chemical names fill gaps.
    Products, dose forms and truncated tags are dropped."""
    va: dict[str, list[str]] = defaultdict(list)
    chemical: dict[str, list[str]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as handle:
        for cui, _nui, name in list(csv.reader(handle, delimiter=";"))[1:]:
            name = name.strip()
            if " [" in name:
                base, tag = name.split(" [", 1)
                if tag.startswith("Chem"):
                    chemical[cui].append(norm(base))
            elif "," not in name and "(" not in name and "[" not in name:
                va[cui].append(norm(name))
    names: dict[str, str] = {}
    for cui in sorted(set(va) | set(chemical), key=int):
        choices = va.get(cui) or chemical.get(cui) or []
        if choices:
            names[cui] = sorted(choices, key=lambda n: (len(n), n))[0]
    return names


def base_of(name: str, known: set[str]) -> str | None:
    """ "warfarin sodium" -> "warfarin" when "warfarin" is a known ingredient; None otherwise."""
    words = name.split()
    for cut in range(len(words) - 1, 0, -1):
        if all(word in SALT_WORDS for word in words[cut:]):
            base = " ".join(words[:cut])
            if base in known and base not in SALT_WORDS:
                return base
    return None


# ---------------------------------------------------------------------------------------------- products


def form_of(display: str) -> str | None:
    lowered = norm(display)
    return next((form for form in FORMS if form in lowered), None)


def strength_of(display: str) -> str | None:
    found = _STRENGTH.findall(display.split("[")[0])
    return " / ".join(norm(item) for item in found) or None


def brand_of(display: str) -> str | None:
    match = re.search(r"\[([^\]]+)\]\s*$", display)
    return match[1].strip() if match else None


def synthea_products(path: Path) -> list[dict[str, Any]]:
    products = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["rxnorm_code"]
            ingredients = SYNTHEA_FIXES.get(code) or [i for i in row["guessed_ingredients"].split("|") if i]
            products.append(
                {"rxcui": code, "display": " ".join(row["display"].split()), "ingredients": ingredients}
            )
    return products


def valueset_products(folder: Path) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Clinical and branded drugs enumerated by the PDDI-CDS single-ingredient value sets, and each composite
    value set's members ("valueset-NSAIDS" -> ["valueset-aspirin", ...])."""
    products: dict[str, dict[str, Any]] = {}
    composites: dict[str, list[str]] = {}
    for bundle in sorted(folder.glob("*.xml")):
        for valueset in ET.parse(bundle).getroot().iter(f"{FHIR}ValueSet"):  # noqa: S314 (vendored CC0 file)
            url = valueset.find(f"{FHIR}url")
            name = (url.get("value") or "").rsplit("/", 1)[-1] if url is not None else ""
            included = [e.get("value", "").rsplit("/", 1)[-1] for e in valueset.iter(f"{FHIR}valueSet")]
            if included:
                composites[name] = included
                continue
            ingredient = name.removeprefix("valueset-")
            for include in valueset.iter(f"{FHIR}include"):
                system = include.find(f"{FHIR}system")
                if system is None or "rxnorm" not in (system.get("value") or ""):
                    continue
                for concept in include.iter(f"{FHIR}concept"):
                    code = concept.find(f"{FHIR}code")
                    display = concept.find(f"{FHIR}display")
                    if code is None:
                        continue
                    text = " ".join(display.get("value", "").split()) if display is not None else ""
                    entry = products.setdefault(code.get("value", ""), {"display": text, "valuesets": set()})
                    entry["valuesets"].add(ingredient)
    rows = [
        {"rxcui": cui, "display": data["display"], "valuesets": sorted(data["valuesets"])}
        for cui, data in sorted(products.items(), key=lambda item: int(item[0]))
    ]
    return rows, composites


VALUESET_INGREDIENT = {"mefenamate": "mefenamic acid", "ethacrynate": "ethacrynic acid"}


def ingredients_from_display(display: str, known: set[str]) -> list[str]:
    """The ingredients a clinical-drug name lists ("Hydrocodone Bitartrate 7.5 MG / Ibuprofen 200 MG ...")."""
    text = norm(display.split("[")[0])
    found = []
    for part in text.split(" / "):
        words = re.sub(r"^[\d.]+ (?:hr|ml|actuat) ", "", part).replace(",", " ").split()
        for size in range(min(5, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                candidate = " ".join(words[start : start + size])
                if candidate in known:
                    found.append(candidate)
                    break
            else:
                continue
            break
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------------------------------------- brands


def dner_brands(pickle_path: Path, ingredients: set[str]) -> dict[str, str]:
    """Other names (brands, common synonyms) of single ingredients we know, from drug-named-entity-recognition.
    Kept only when the name maps to exactly one canonical drug that is one of our ingredient names, is one or
    two plain words, and is not itself an ingredient."""
    with bz2.open(pickle_path, "rb") as handle:
        data = pickle.load(handle)  # noqa: S301
    names: dict[str, str] = {}
    for variant, canonicals in data["drug_variant_to_canonical"].items():
        if len(canonicals) != 1 or canonicals[0] not in ingredients or variant in ingredients:
            continue
        if not re.fullmatch(r"[a-z][a-z-]{3,}( [a-z][a-z-]+)?", variant):
            continue
        if variant[:5] == canonicals[0][:5]:
            continue  # a spelling, Latin or salt variant: typing the ingredient already finds it
        names[variant] = canonicals[0]
    return dict(sorted(names.items()))


# ---------------------------------------------------------------------------------------------- tables


def onc_pairs(path: Path) -> list[dict[str, Any]]:
    pairs = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):

            def members(cell: str) -> dict[str, str]:
                items = (item.split(":", 1) for item in cell.split(";") if item)
                return {norm(name): code for name, code in items}

            pairs.append(
                {
                    "pair": int(row["pair"]),
                    "object_class": row["object_class"],
                    "object": members(row["object_ingredients"]),
                    "precipitant_class": row["precipitant_class"],
                    "precipitant": members(row["precipitant_ingredients"]),
                    "consequence": row["consequence"],
                }
            )
    return pairs


ONC_SOURCE = "ONC high-priority DDI list (Phansalkar et al., JAMIA 2012;19:735-43), pair {n}"
EXTRA_SOURCE = (
    "Additional well-established pair (standard US labelling), listed by the project beyond the ONC list"
)

# Classes written out by hand (standard US pharmacological classes), for pairs whose members the CSV and value
# sets do not give, and for allergy and duplication checks.
HAND_CLASSES: dict[str, tuple[str, list[str]]] = {
    "opioids": (
        "opioids",
        [
            "morphine",
            "hydromorphone",
            "oxycodone",
            "oxymorphone",
            "hydrocodone",
            "codeine",
            "fentanyl",
            "methadone",
            "meperidine",
            "tramadol",
            "tapentadol",
            "buprenorphine",
            "levorphanol",
            "remifentanil",
            "sufentanil",
            "alfentanil",
            "pentazocine",
            "butorphanol",
            "nalbuphine",
            "dihydrocodeine",
        ],
    ),
    "benzodiazepines": (
        "benzodiazepines",
        [
            "alprazolam",
            "chlordiazepoxide",
            "clobazam",
            "clonazepam",
            "clorazepate",
            "diazepam",
            "estazolam",
            "flurazepam",
            "lorazepam",
            "midazolam",
            "oxazepam",
            "quazepam",
            "temazepam",
            "triazolam",
        ],
    ),
    "penicillins": (
        "penicillins",
        [
            "amoxicillin",
            "ampicillin",
            "dicloxacillin",
            "nafcillin",
            "oxacillin",
            "piperacillin",
            "ticarcillin",
            "carbenicillin",
            "penicillin g",
            "penicillin v",
            "penicillin g benzathine",
            "penicillin g procaine",
        ],
    ),
    "cephalosporins": (
        "cephalosporins",
        [
            "cefaclor",
            "cefadroxil",
            "cefazolin",
            "cefdinir",
            "cefditoren",
            "cefepime",
            "cefixime",
            "cefotaxime",
            "cefotetan",
            "cefoxitin",
            "cefpodoxime",
            "cefprozil",
            "ceftaroline",
            "ceftazidime",
            "ceftriaxone",
            "cefuroxime",
            "cephalexin",
        ],
    ),
    "sulfonamide_antibiotics": (
        "sulfonamide antibiotics",
        ["sulfamethoxazole", "sulfadiazine", "sulfisoxazole", "sulfacetamide"],
    ),
    "statins": (
        "statins",
        [
            "atorvastatin",
            "fluvastatin",
            "lovastatin",
            "pitavastatin",
            "pravastatin",
            "rosuvastatin",
            "simvastatin",
        ],
    ),
    "ace_inhibitors": (
        "ACE inhibitors",
        [
            "benazepril",
            "captopril",
            "enalapril",
            "fosinopril",
            "lisinopril",
            "moexipril",
            "perindopril",
            "quinapril",
            "ramipril",
            "trandolapril",
        ],
    ),
    "fluoroquinolones": (
        "fluoroquinolones",
        [
            "ciprofloxacin",
            "levofloxacin",
            "moxifloxacin",
            "ofloxacin",
            "norfloxacin",
            "gemifloxacin",
            "delafloxacin",
        ],
    ),
    "macrolides": ("macrolides", ["azithromycin", "clarithromycin", "erythromycin", "telithromycin"]),
    "tetracyclines": ("tetracyclines", ["doxycycline", "minocycline", "tetracycline", "demeclocycline"]),
    "anticoagulants": (
        "anticoagulants",
        [
            "warfarin",
            "apixaban",
            "rivaroxaban",
            "dabigatran",
            "edoxaban",
            "heparin",
            "enoxaparin",
            "dalteparin",
            "fondaparinux",
        ],
    ),
    "oral_hypoglycaemics": (
        "oral diabetes medicines (sulfonylureas and others)",
        [
            "glipizide",
            "glyburide",
            "glimepiride",
            "chlorpropamide",
            "tolbutamide",
            "tolazamide",
            "repaglinide",
            "nateglinide",
            "metformin",
            "pioglitazone",
            "rosiglitazone",
            "sitagliptin",
            "saxagliptin",
            "linagliptin",
            "alogliptin",
            "canagliflozin",
            "dapagliflozin",
            "empagliflozin",
            "ertugliflozin",
        ],
    ),
    "beta_blockers": (
        "beta blockers",
        [
            "atenolol",
            "bisoprolol",
            "carvedilol",
            "labetalol",
            "metoprolol",
            "nadolol",
            "nebivolol",
            "propranolol",
            "sotalol",
            "timolol",
        ],
    ),
    "arbs": (
        "angiotensin receptor blockers",
        [
            "azilsartan",
            "candesartan",
            "eprosartan",
            "irbesartan",
            "losartan",
            "olmesartan",
            "telmisartan",
            "valsartan",
        ],
    ),
    "antiplatelets": ("antiplatelet medicines", ["clopidogrel", "prasugrel", "ticagrelor", "ticlopidine"]),
    "digoxin": ("digoxin", ["digoxin"]),
    "methotrexate": ("methotrexate", ["methotrexate"]),
    "verapamil": ("verapamil", ["verapamil"]),
    "amiodarone": ("amiodarone", ["amiodarone"]),
    "clopidogrel": ("clopidogrel", ["clopidogrel"]),
}
HAND_SOURCE = "Class members listed by the project (standard US pharmacological class; see SOURCE.md)"

# Names a patient or record uses for an allergy to a whole class.
ALLERGY_NAMES = {
    "penicillins": ["penicillin", "penicillins", "penicillin allergy"],
    "cephalosporins": ["cephalosporin", "cephalosporins"],
    "sulfonamide_antibiotics": ["sulfa", "sulfa drugs", "sulfonamide", "sulfonamides", "sulpha"],
    "nsaids": ["nsaid", "nsaids", "non-steroidal anti-inflammatory drugs", "anti-inflammatories"],
    "opioids": ["opioid", "opioids", "opiate", "opiates", "narcotic", "narcotics"],
    "statins": ["statin", "statins"],
    "ace_inhibitors": ["ace inhibitor", "ace inhibitors"],
    "fluoroquinolones": ["fluoroquinolone", "fluoroquinolones", "quinolones"],
    "macrolides": ["macrolide", "macrolides"],
    "tetracyclines": ["tetracyclines"],
    "benzodiazepines": ["benzodiazepine", "benzodiazepines", "benzos"],
}
DUPLICATION_CLASSES = [
    "nsaids",
    "ssris",
    "ppis",
    "opioids",
    "benzodiazepines",
    "statins",
    "ace_inhibitors",
    "arbs",
    "anticoagulants",
    "beta_blockers",
    "systemic_corticosteroids",
]
HIGH_ALERT = {
    "anticoagulants": "anticoagulants",
    "insulins": "insulins",
    "opioids": "opioids",
    "oral_hypoglycaemics": "oral hypoglycaemics",
    "digoxin": "digoxin",
    "methotrexate": "methotrexate",
}


def build(shared: Path, brands_pickle: Path | None) -> dict[str, Any]:
    vocab_dir, ddi_dir = shared / "drug-vocabulary", shared / "ddi"
    by_cui = read_ndfrt(vocab_dir / "NDFRT_RxNorm_mapping.csv")
    pairs = onc_pairs(ddi_dir / "onc_high_priority_pairs.csv")
    synthea = synthea_products(vocab_dir / "synthea_medication_codes.csv")
    vs_products, composites = valueset_products(ddi_dir / "hl7-pddi-cds" / "valuesets")

    # Names from the curated sources win over NDF-RT for the same RxCUI.
    for pair in pairs:
        for side in ("object", "precipitant"):
            for name, code in pair[side].items():
                if code:
                    by_cui[code] = name
    known = set(by_cui.values())
    for product in synthea:
        known.update(product["ingredients"])
    known.update(VALUESET_INGREDIENT.values())
    for members in (members for _, members in HAND_CLASSES.values()):
        known.update(members)

    ingredients: dict[str, str | None] = {}  # name -> RxCUI
    salts: dict[str, str] = {}  # precise-ingredient name -> ingredient
    for cui, name in sorted(by_cui.items(), key=lambda item: int(item[0])):
        base = base_of(name, known)
        if base is not None:
            salts[name] = base
        else:
            ingredients.setdefault(name, cui)
    for name in sorted(known):
        if base_of(name, known) is None:
            ingredients.setdefault(name, None)

    # Clinical and branded drugs: Synthea's, then the value sets' (ingredients read from the display).
    products: dict[str, dict[str, Any]] = {}
    for product in synthea:
        products[product["rxcui"]] = product
    for product in vs_products:
        if product["rxcui"] in products or product["rxcui"] in by_cui:
            continue
        if not any(char.isdigit() for char in product["display"]):
            continue  # an ingredient or brand-name concept, not a product: brands come from "[Brand]" below
        found = ingredients_from_display(product["display"], set(ingredients) | set(salts))
        found = [salts.get(name, name) for name in found]
        expected = [VALUESET_INGREDIENT.get(v, v) for v in product["valuesets"]]
        if not found or not set(expected) <= set(found):
            continue  # cannot read it reliably: leave it out rather than guess
        products[product["rxcui"]] = {
            "rxcui": product["rxcui"],
            "display": product["display"],
            "ingredients": found,
        }

    entries: list[list[Any]] = []
    for name, cui in sorted(ingredients.items()):
        # NDF-RT names some combinations "naproxen/sumatriptan": a product of two ingredients, not one.
        parts = [salts.get(part, part) for part in name.split("/")] if "/" in name else [name]
        entries.append([name, "ingredient" if len(parts) == 1 else "clinical_drug", cui, parts, None, None])
    for name, base in sorted(salts.items()):
        entries.append([name, "salt", None, [base], None, None])
    brand_names: dict[str, set[str]] = defaultdict(set)
    for cui, product in sorted(products.items(), key=lambda item: int(item[0])):
        display = product["display"]
        entries.append(
            [display, "clinical_drug", cui, product["ingredients"], form_of(display), strength_of(display)]
        )
        if (brand := brand_of(display)) and product["ingredients"]:
            brand_names[brand].add("|".join(product["ingredients"]))
    for brand, sets in sorted(brand_names.items()):
        if len(sets) == 1:
            entries.append([brand, "brand", None, next(iter(sets)).split("|"), None, None])
    brand_count = len(brand_names)
    if brands_pickle is not None:
        bracketed = {norm(name) for name in brand_names}
        for variant, ingredient in dner_brands(brands_pickle, set(ingredients)).items():
            if variant not in bracketed and variant not in salts:
                entries.append([variant, "other_name", None, [ingredient], None, None])
                brand_count += 1

    classes = build_classes(pairs, vs_products, composites)
    pair_rows = build_pairs(pairs)
    used = sorted({row[side] for row in pair_rows for side in ("a", "b")})
    return {
        "vocabulary": {
            "format": 1,
            "columns": ["name", "kind", "rxcui", "ingredients", "form", "strength"],
            "entries": entries,
        },
        "interactions": {"format": 1, "classes": {cid: classes[cid] for cid in used}, "pairs": pair_rows},
        "drug_classes": {
            "format": 1,
            "classes": {
                cid: {
                    **classes[cid],
                    "allergy_names": ALLERGY_NAMES.get(cid, []),
                    "duplication": cid in DUPLICATION_CLASSES,
                }
                for cid in sorted(set(ALLERGY_NAMES) | set(DUPLICATION_CLASSES))
            },
        },
        "high_alert": {
            "format": 1,
            "classes": {cid: {**classes[cid], "label": label} for cid, label in HIGH_ALERT.items()},
        },
        "_counts": {"entries": len(entries), "brands": brand_count, "products": len(products)},
    }


def build_classes(
    pairs: list[dict[str, Any]], vs_products: list[dict[str, Any]], composites: dict[str, list[str]]
) -> dict[str, dict[str, Any]]:
    def from_valuesets(composite: str, *, skip: tuple[str, ...] = ()) -> list[str]:
        names = [v.removeprefix("valueset-") for v in composites[composite]]
        return sorted(VALUESET_INGREDIENT.get(n, n) for n in names if n not in skip)

    vs_source = "HL7 PDDI-CDS value set {} (CC0)"
    classes: dict[str, dict[str, Any]] = {
        # Aspirin is in the PDDI-CDS NSAID value set but is not counted among the NSAIDs here (issue 11).
        "nsaids": {
            "label": "NSAIDs",
            "members": from_valuesets("valueset-NSAIDS", skip=("aspirin",)),
            "source": vs_source.format("valueset-NSAIDS") + ", without aspirin",
        },
        "ppis": {
            "label": "proton pump inhibitors",
            "members": from_valuesets("valueset-PPIS"),
            "source": vs_source.format("valueset-PPIS"),
        },
        "systemic_corticosteroids": {
            "label": "corticosteroid tablets or injections",
            "members": from_valuesets("valueset-SCS"),
            "source": vs_source.format("valueset-SCS"),
        },
        "warfarin": {
            "label": "warfarin",
            "members": ["warfarin"],
            "source": vs_source.format("valueset-warfarin"),
        },
        "cyclosporine": {
            "label": "cyclosporine",
            "members": ["cyclosporine"],
            "source": vs_source.format("valueset-cyclosporine"),
        },
        "insulins": {
            "label": "insulins",
            "members": ["insulin"],
            "contains": ["insulin"],
            "source": "Every ingredient whose RxNorm name contains 'insulin' (project rule)",
        },
    }
    for cid, (label, members) in HAND_CLASSES.items():
        classes.setdefault(cid, {"label": label, "members": sorted(members), "source": HAND_SOURCE})
    qt: set[str] = set()
    for pair in pairs:
        n = pair["pair"]
        for side in ("object", "precipitant"):
            cid = f"onc{n}_{side}"
            classes[cid] = {
                "label": pair[f"{side}_class"],
                "members": sorted(pair[side]),
                "source": ONC_SOURCE.format(n=n),
            }
            if n == 8:
                qt.update(pair[side])
    classes["ssris"] = {**classes["onc4_object"], "label": "SSRIs / SNRIs"}
    classes["qt_agents"] = {
        "label": "QT-prolonging medicines",
        "members": sorted(qt),
        "source": ONC_SOURCE.format(n=8) + " (both lists together)",
    }
    return dict(sorted(classes.items()))


def plain(text: str) -> str:
    """The CSV's clinical shorthand in words a nurse reads aloud: "↑ statin levels → myopathy"."""
    for sign, words in (
        ("Large ↑ ", "much higher "),
        ("↑ ", "higher "),
        ("↓ ", "lower "),
        (" → ", ", leading to "),
        ("≈", "about "),
        ("×", " times"),
    ):
        text = text.replace(sign, words)
    return text


def build_pairs(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for pair in pairs:
        n = pair["pair"]
        both = ("qt_agents", "qt_agents") if n == 8 else (f"onc{n}_object", f"onc{n}_precipitant")
        rows.append(
            {
                "id": f"onc-{n}",
                "a": both[0],
                "b": both[1],
                "consequence": plain(pair["consequence"].split(". Membership")[0]),
                "source": ONC_SOURCE.format(n=n),
            }
        )
    extra = [
        ("warfarin", "nsaids", "Higher risk of serious bleeding"),
        ("digoxin", "verapamil", "Higher digoxin levels (digoxin toxicity) and slow heart rhythm (AV block)"),
        (
            "digoxin",
            "amiodarone",
            "Higher digoxin levels (digoxin toxicity) and slow heart rhythm (AV block)",
        ),
        ("warfarin", "clopidogrel", "Higher risk of serious bleeding"),
        ("clopidogrel", "nsaids", "Higher risk of serious bleeding, especially stomach bleeding"),
        ("ssris", "nsaids", "Higher risk of stomach and gut bleeding"),
        ("ssris", "warfarin", "Higher risk of bleeding"),
        ("methotrexate", "nsaids", "Methotrexate can build up to toxic levels"),
        (
            "opioids",
            "benzodiazepines",
            "Dangerous slowed breathing, sedation and death (FDA boxed warning, 2016)",
        ),
        ("digoxin", "cyclosporine", "Higher digoxin levels (digoxin toxicity)"),
    ]
    for index, (a, b, consequence) in enumerate(extra, start=1):
        rows.append(
            {"id": f"extra-{index}", "a": a, "b": b, "consequence": consequence, "source": EXTRA_SOURCE}
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent.parent / "shared" / "data")
    parser.add_argument("--brands", type=Path, default=None, help="drug_ner_dictionary.pkl.bz2 (optional)")
    args = parser.parse_args()
    built = build(args.shared, args.brands)
    counts = built.pop("_counts")
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in built.items():
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
        (OUT / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
