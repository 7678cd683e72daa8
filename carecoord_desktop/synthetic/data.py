"""Reference tables for the synthetic practice: names, places, conditions, allergens, payers.

Everything here is made up or generic. Phone numbers built from these tables use the fictional 555-0100..0199
lines, emails use the reserved example.com/.org/.net domains (RFC 2606), and the clinical codes are real so
that coded problem lists look like a real chart's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from carecoord_desktop.domain.clinical_summary import AllergyCategory, AllergySeverity, CareTeamRole


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``native:romanized`` pairs, comma separated."""
    pairs = []
    for item in _words(text):
        native, _, roman = item.partition(":")
        pairs.append((native.strip(), roman.strip() or native.strip()))
    return tuple(pairs)


@dataclass(frozen=True, slots=True)
class NameOrigin:
    """A naming tradition common in a US primary-care panel, with the languages its patients tend to prefer."""

    key: str
    weight: float
    female: tuple[tuple[str, str], ...]
    male: tuple[tuple[str, str], ...]
    family: tuple[tuple[str, str], ...]
    #: Feminine surname forms aligned with ``family`` (Иванов → Иванова), where the language has them.
    family_female: tuple[tuple[str, str], ...] | None
    #: Chance the record is written in the native form (script or diacritics) rather than romanized/plain.
    native_share: float
    #: (language tag, chance) tried in order; English otherwise.
    languages: tuple[tuple[str, float], ...]
    #: Family name written first in the native form (CJK, Vietnamese): used for caregivers' names.
    family_first: bool = False


def _latin(text: str) -> tuple[tuple[str, str], ...]:
    """Latin-script names: the romanized form is derived later by stripping the accents."""
    return tuple((word, word) for word in _words(text))


NAME_ORIGINS: Final = (
    NameOrigin(
        key="us_english",
        weight=0.52,
        female=_latin(
            "Mary, Patricia, Jennifer, Linda, Elizabeth, Barbara, Susan, Jessica, Sarah, Karen, Nancy, Lisa, "
            "Margaret, Dorothy, Betty, Sandra, Ashley, Emily, Donna, Michelle, Carol, Amanda, Melissa, Deborah, "
            "Stephanie, Rebecca, Sharon, Laura, Cynthia, Kathleen, Amy, Shirley, Angela, Helen, Anna, Brenda, "
            "Pamela, Nicole, Emma, Samantha, Katherine, Christine, Rachel, Catherine, Carolyn, Janet, Ruth, "
            "Heather, Diane, Virginia, Julie, Joyce, Victoria, Olivia, Kelly, Lauren, Joan, Evelyn, Judith, "
            "Megan, Andrea, Cheryl, Hannah, Martha, Gloria, Teresa, Ann, Frances, Jean, Abigail, Alice, Judy, "
            "Grace, Denise, Amber, Doris, Marilyn, Danielle, Beverly, Theresa, Diana, Natalie, Brittany, Charlotte"
        ),
        male=_latin(
            "James, Robert, John, Michael, David, William, Richard, Joseph, Thomas, Charles, Christopher, Daniel, "
            "Matthew, Anthony, Mark, Donald, Steven, Paul, Andrew, Joshua, Kenneth, Kevin, Brian, George, "
            "Timothy, Ronald, Edward, Jason, Jeffrey, Ryan, Jacob, Gary, Nicholas, Eric, Jonathan, Stephen, "
            "Larry, Justin, Scott, Brandon, Benjamin, Samuel, Gregory, Alexander, Frank, Patrick, Raymond, Jack, "
            "Dennis, Jerry, Tyler, Aaron, Henry, Douglas, Peter, Walter, Harold, Carl, Arthur, Roger, Ralph, "
            "Eugene, Wayne, Louis, Russell, Philip"
        ),
        family=_latin(
            "Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, Thomas, Moore, "
            "Jackson, Martin, Lee, Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Young, Allen, King, "
            "Wright, Scott, Hill, Green, Adams, Baker, Nelson, Carter, Mitchell, Roberts, Turner, Phillips, "
            "Campbell, Parker, Evans, Edwards, Collins, Stewart, Morris, Murphy, Cook, Rogers, Morgan, Cooper, "
            "Peterson, Reed, Bailey, Bell, Kelly, Howard, Ward, Cox, Richardson, Wood, Watson, Brooks, Bennett, "
            "Gray, Hughes, Price, Sanders, Myers, Long, Ross, Foster, O'Brien, O'Connor, Sullivan, McCarthy, "
            "Fitzgerald, Washington, Jefferson, Smith-Jones, MacDonald, DiMarco, Russo, Kowalczyk"
        ),
        family_female=None,
        native_share=1.0,
        languages=(),
    ),
    NameOrigin(
        key="hispanic",
        weight=0.22,
        female=_latin(
            "María, Guadalupe, Ana, Lucía, Sofía, Carmen, Rosa, Verónica, Inés, Beatriz, Mónica, Adriana, "
            "Gabriela, Elena, Isabel, Juana, Leticia, Marisol, Yolanda, Ramona, Daniela, Valentina, Ximena"
        ),
        male=_latin(
            "José, Juan, Luis, Carlos, Jesús, Jorge, Miguel, Antonio, Francisco, Ramón, Héctor, Raúl, Andrés, "
            "Tomás, Joaquín, Julián, Sebastián, Óscar, Rubén, Ángel, Efraín, Iván, Martín"
        ),
        family=_latin(
            "García, Rodríguez, Martínez, Hernández, López, González, Pérez, Sánchez, Ramírez, Torres, Flores, "
            "Rivera, Gómez, Díaz, Reyes, Morales, Cruz, Ortiz, Gutiérrez, Chávez, Ramos, Ruiz, Jiménez, Núñez, "
            "Peña, Castillo, Vásquez, Muñoz, Ibáñez, Mendoza, Álvarez, Castro, Romero, Herrera, Medina, Aguilar, "
            "Vargas, Domínguez, Fernández, Santiago, Colón, Báez, Ortega, Delgado, Suárez"
        ),
        family_female=None,
        native_share=0.8,
        languages=(("es", 0.45),),
    ),
    NameOrigin(
        key="european",
        weight=0.04,
        female=_latin(
            "Zoë, Chloé, Renée, Anaïs, Léa, Małgorzata, Agnieszka, Ingrid, Siobhán, Aoife, Françoise, Hélène, "
            "Birgitta, Conceição, Zsófia"
        ),
        male=_latin(
            "François, Jérôme, Søren, Björn, Jürgen, Łukasz, Wojciech, João, Zoltán, Seán, Ciarán, Stéphane, "
            "Gonçalo, René, Émile"
        ),
        family=_latin(
            "Brontë, Lefèvre, Müller, Schäfer, Jørgensen, Ångström, Wójcik, Kowalski, Nowak, Gonçalves, "
            "Dvořák, Novák, Fournier, Bélanger, Côté, Lévesque, Gagnon, Þórsson, Ó Súilleabháin, Łęcki"
        ),
        family_female=None,
        native_share=0.9,
        languages=(("pt", 0.08), ("pl", 0.08), ("fr", 0.06)),
    ),
    NameOrigin(
        key="vietnamese",
        weight=0.04,
        female=_latin(
            "Thị Mai, Thị Lan, Thị Hương, Ngọc Ánh, Thu Hà, Thị Hồng, Kim Chi, Bảo Ngọc, Thanh Thủy"
        ),
        male=_latin(
            "Văn An, Văn Hùng, Minh Tuấn, Đức Anh, Quốc Bảo, Văn Dũng, Hoàng Nam, Thành Long, Quang Huy"
        ),
        family=_latin("Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương"),
        family_female=None,
        native_share=0.6,
        languages=(("vi", 0.55),),
        family_first=True,
    ),
    NameOrigin(
        key="chinese",
        weight=0.04,
        female=_pairs("芳:Fang, 丽:Li, 静:Jing, 敏:Min, 秀英:Xiuying, 娜:Na, 婷:Ting, 桂英:Guiying, 慧:Hui"),
        male=_pairs("伟:Wei, 强:Qiang, 磊:Lei, 军:Jun, 洋:Yang, 勇:Yong, 杰:Jie, 建华:Jianhua, 志明:Zhiming"),
        family=_pairs(
            "王:Wang, 李:Li, 张:Zhang, 刘:Liu, 陈:Chen, 杨:Yang, 黄:Huang, 赵:Zhao, 周:Zhou, 吴:Wu, 林:Lin, 郭:Guo"
        ),
        family_female=None,
        native_share=0.5,
        languages=(("zh", 0.6),),
        family_first=True,
    ),
    NameOrigin(
        key="russian",
        weight=0.025,
        female=_pairs(
            "Наталья:Natalya, Ольга:Olga, Елена:Elena, Татьяна:Tatyana, Светлана:Svetlana, Ирина:Irina, "
            "Людмила:Lyudmila, Анна:Anna, Юлия:Yulia"
        ),
        male=_pairs(
            "Александр:Aleksandr, Сергей:Sergey, Дмитрий:Dmitry, Андрей:Andrey, Алексей:Aleksey, "
            "Владимир:Vladimir, Михаил:Mikhail, Николай:Nikolay, Юрий:Yuri"
        ),
        family=_pairs(
            "Иванов:Ivanov, Смирнов:Smirnov, Кузнецов:Kuznetsov, Попов:Popov, Соколов:Sokolov, "
            "Волков:Volkov, Фёдоров:Fyodorov, Морозов:Morozov"
        ),
        family_female=_pairs(
            "Иванова:Ivanova, Смирнова:Smirnova, Кузнецова:Kuznetsova, Попова:Popova, Соколова:Sokolova, "
            "Волкова:Volkova, Фёдорова:Fyodorova, Морозова:Morozova"
        ),
        native_share=0.5,
        languages=(("ru", 0.55),),
    ),
    NameOrigin(
        key="arabic",
        weight=0.025,
        female=_pairs("فاطمة:Fatima, عائشة:Aisha, مريم:Maryam, ليلى:Layla, نور:Nour, زينب:Zainab, سارة:Sara"),
        male=_pairs("محمد:Mohammed, أحمد:Ahmed, علي:Ali, عمر:Omar, يوسف:Youssef, حسن:Hassan, خالد:Khaled"),
        family=_pairs(
            "حداد:Haddad, خوري:Khoury, منصور:Mansour, سليمان:Suleiman, عبدالله:Abdullah, النجار:Al-Najjar, "
            "حسين:Hussein"
        ),
        family_female=None,
        native_share=0.4,
        languages=(("ar", 0.5),),
    ),
    NameOrigin(
        key="korean",
        weight=0.015,
        female=_pairs("지은:Ji-eun, 수진:Su-jin, 민지:Min-ji, 서연:Seo-yeon, 영희:Young-hee, 미경:Mi-kyung"),
        male=_pairs(
            "민준:Min-jun, 지훈:Ji-hoon, 현우:Hyun-woo, 성민:Sung-min, 영수:Young-soo, 동현:Dong-hyun"
        ),
        family=_pairs("김:Kim, 이:Lee, 박:Park, 최:Choi, 정:Jung, 강:Kang, 조:Cho, 윤:Yoon"),
        family_female=None,
        native_share=0.4,
        languages=(("ko", 0.5),),
        family_first=True,
    ),
    NameOrigin(
        key="south_asian",
        weight=0.03,
        female=_latin("Priya, Ananya, Deepa, Lakshmi, Sunita, Kavya, Meera, Pooja, Nasreen, Farzana"),
        male=_latin("Arjun, Rahul, Vikram, Sanjay, Rajesh, Amit, Ravi, Suresh, Imran, Anil"),
        family=_latin(
            "Patel, Shah, Sharma, Singh, Gupta, Reddy, Iyer, Nair, Kumar, Desai, Chowdhury, Rahman"
        ),
        family_female=None,
        native_share=1.0,
        languages=(("hi", 0.1), ("gu", 0.06), ("bn", 0.04)),
    ),
    NameOrigin(
        key="haitian_west_african",
        weight=0.03,
        female=_latin("Marie-Claude, Nadège, Fabienne, Widlene, Ngozi, Amara, Chiamaka, Fatoumata, Abena"),
        male=_latin("Jean-Baptiste, Jean-Pierre, Wadson, Frantz, Chinedu, Kwame, Oluwaseun, Mamadou, Emeka"),
        family=_latin(
            "Jean-Louis, Pierre, Joseph, Baptiste, Dorcélus, Toussaint, Okafor, Adeyemi, Mensah, Diallo, Okonkwo"
        ),
        family_female=None,
        native_share=0.9,
        languages=(("ht", 0.3), ("fr", 0.06)),
    ),
)

#: Nicknames people ask to be called by (given name: preferred name).
NICKNAMES: Final = {
    "Robert": "Bob",
    "William": "Bill",
    "Elizabeth": "Liz",
    "Margaret": "Peggy",
    "James": "Jim",
    "Katherine": "Kate",
    "Thomas": "Tom",
    "Joseph": "Joe",
    "Patricia": "Pat",
    "Christopher": "Chris",
    "Michael": "Mike",
    "Jennifer": "Jen",
    "Deborah": "Deb",
    "Susan": "Sue",
    "Edward": "Ted",
    "Anthony": "Tony",
    "Daniel": "Dan",
    "Francisco": "Paco",
    "José": "Pepe",
    "Guadalupe": "Lupe",
    "Jesús": "Chuy",
    "Alexander": "Alex",
    "Samantha": "Sam",
    "Dorothy": "Dot",
    "Jean-Baptiste": "JB",
}

# ---------------------------------------------------------------------------------------------- places


@dataclass(frozen=True, slots=True)
class Town:
    city: str
    state: str
    zip_code: str
    area_codes: tuple[str, ...]
    weight: float


TOWNS: Final = (
    Town("Boston", "MA", "02118", ("617", "857"), 14),
    Town("Cambridge", "MA", "02139", ("617", "857"), 8),
    Town("Somerville", "MA", "02143", ("617", "857"), 7),
    Town("Chelsea", "MA", "02150", ("617",), 4),
    Town("Everett", "MA", "02149", ("617",), 4),
    Town("Brookline", "MA", "02446", ("617",), 4),
    Town("Quincy", "MA", "02169", ("617", "857"), 6),
    Town("Newton", "MA", "02458", ("617",), 4),
    Town("Medford", "MA", "02155", ("781", "339"), 5),
    Town("Malden", "MA", "02148", ("781", "339"), 5),
    Town("Revere", "MA", "02151", ("781",), 4),
    Town("Waltham", "MA", "02453", ("781", "339"), 4),
    Town("Lynn", "MA", "01902", ("781", "339"), 4),
    Town("Framingham", "MA", "01702", ("508", "774"), 3),
    Town("Brockton", "MA", "02301", ("508", "774"), 3),
    Town("Worcester", "MA", "01604", ("508", "774"), 2),
    Town("Lowell", "MA", "01852", ("978", "351"), 3),
    Town("Lawrence", "MA", "01841", ("978", "351"), 3),
    Town("Salem", "MA", "01970", ("978", "351"), 2),
    Town("Providence", "RI", "02903", ("401",), 1),
    Town("Nashua", "NH", "03060", ("603",), 1),
)

#: Where mobile numbers kept from an earlier home come from.
DISTANT_AREA_CODES: Final = _words(
    "212, 718, 917, 646, 347, 305, 786, 787, 939, 312, 773, 415, 510, 213, 713, 404, 202, 215, 267, 860, "
    "203, 207, 802, 401, 603, 716, 412, 313, 206, 503, 602, 702, 214, 512, 615, 704, 919, 757, 614, 216"
)

STREETS: Final = _words(
    "Main St, Elm St, Washington St, Maple Ave, Oak St, Pleasant St, Park Ave, School St, Highland Ave, "
    "Center St, Prospect St, Summer St, Winter St, Cedar St, Chestnut St, Union St, Spring St, Franklin St, "
    "Church St, Broadway, Commonwealth Ave, Beacon St, Tremont St, Centre St, Hancock St, Adams St, "
    "Lincoln Rd, Forest Ave, Hillside Ter, Riverside Dr, Brook Ln, Orchard Way, Meadow Ct, Harbor View Rd, "
    "Walnut Pl, Mystic Ave, Blue Hill Ave, Dorchester Ave, Cross St, Water St"
)

# ---------------------------------------------------------------------------------------------- conditions


@dataclass(frozen=True, slots=True)
class ChronicCondition:
    key: str
    text: str
    snomed: str
    icd10: str
    #: Chance of being on the problem list for ages 18-39, 40-59, 60-74, 75+.
    prevalence: tuple[float, float, float, float]
    #: The outside specialist who usually co-manages it, with the chance one is on the care team.
    specialty: str | None = None
    specialist_chance: float = 0.0
    #: A single condition serious enough for Principal Care Management.
    high_risk: bool = False


CONDITIONS: Final = (
    ChronicCondition("hypertension", "Essential hypertension", "59621000", "I10", (0.08, 0.33, 0.55, 0.70)),
    ChronicCondition("hyperlipidemia", "Hyperlipidemia", "55822004", "E78.5", (0.06, 0.25, 0.45, 0.50)),
    ChronicCondition(
        "diabetes",
        "Type 2 diabetes mellitus",
        "44054006",
        "E11.9",
        (0.03, 0.12, 0.22, 0.25),
        "Endocrinology",
        0.25,
        high_risk=True,
    ),
    ChronicCondition("obesity", "Obesity", "414916001", "E66.9", (0.15, 0.20, 0.20, 0.14)),
    ChronicCondition(
        "depression", "Depression", "35489007", "F32.A", (0.10, 0.10, 0.09, 0.10), "Behavioral health", 0.3
    ),
    ChronicCondition("anxiety", "Anxiety disorder", "197480006", "F41.9", (0.12, 0.10, 0.08, 0.07)),
    ChronicCondition("asthma", "Asthma", "195967001", "J45.909", (0.09, 0.08, 0.08, 0.07)),
    ChronicCondition(
        "copd", "COPD", "13645005", "J44.9", (0.01, 0.04, 0.10, 0.12), "Pulmonology", 0.5, high_risk=True
    ),
    ChronicCondition(
        "heart_failure",
        "Congestive heart failure",
        "42343007",
        "I50.9",
        (0.002, 0.01, 0.05, 0.12),
        "Cardiology",
        0.9,
        high_risk=True,
    ),
    ChronicCondition(
        "atrial_fibrillation",
        "Atrial fibrillation",
        "49436004",
        "I48.91",
        (0.002, 0.01, 0.05, 0.11),
        "Cardiology",
        0.7,
    ),
    ChronicCondition(
        "ckd",
        "Chronic kidney disease",
        "709044004",
        "N18.9",
        (0.01, 0.04, 0.12, 0.22),
        "Nephrology",
        0.4,
        high_risk=True,
    ),
    ChronicCondition(
        "cad", "Coronary artery disease", "53741008", "I25.10", (0.005, 0.04, 0.12, 0.20), "Cardiology", 0.6
    ),
    ChronicCondition("osteoarthritis", "Osteoarthritis", "396275006", "M19.90", (0.02, 0.12, 0.30, 0.40)),
    ChronicCondition("hypothyroidism", "Hypothyroidism", "40930008", "E03.9", (0.03, 0.06, 0.10, 0.13)),
    ChronicCondition("osteoporosis", "Osteoporosis", "64859006", "M81.0", (0.0, 0.02, 0.08, 0.15)),
    ChronicCondition(
        "dementia",
        "Dementia",
        "52448006",
        "F03.90",
        (0.0, 0.002, 0.03, 0.12),
        "Neurology",
        0.4,
        high_risk=True,
    ),
)


@dataclass(frozen=True, slots=True)
class Allergen:
    substance: str
    category: AllergyCategory
    reactions: tuple[str, ...]
    severity: AllergySeverity
    weight: float


ALLERGENS: Final = (
    Allergen("Penicillin", AllergyCategory.MEDICATION, ("Hives", "Rash"), AllergySeverity.MODERATE, 10),
    Allergen("Sulfa antibiotics", AllergyCategory.MEDICATION, ("Rash",), AllergySeverity.MILD, 6),
    Allergen("Codeine", AllergyCategory.MEDICATION, ("Nausea", "Vomiting"), AllergySeverity.MILD, 4),
    Allergen("Amoxicillin", AllergyCategory.MEDICATION, ("Rash",), AllergySeverity.MILD, 3),
    Allergen("Aspirin", AllergyCategory.MEDICATION, ("Hives", "Wheezing"), AllergySeverity.MODERATE, 2),
    Allergen("Ibuprofen", AllergyCategory.MEDICATION, ("Stomach upset",), AllergySeverity.MILD, 2),
    Allergen("Lisinopril", AllergyCategory.MEDICATION, ("Angioedema",), AllergySeverity.SEVERE, 1.5),
    Allergen("Lisinopril", AllergyCategory.MEDICATION, ("Cough",), AllergySeverity.MILD, 1.5),
    Allergen("Morphine", AllergyCategory.MEDICATION, ("Itching",), AllergySeverity.MILD, 1.5),
    Allergen("Iodinated contrast", AllergyCategory.MEDICATION, ("Hives",), AllergySeverity.MODERATE, 1.5),
    Allergen("Cephalexin", AllergyCategory.MEDICATION, ("Rash",), AllergySeverity.MILD, 1.5),
    Allergen("Ciprofloxacin", AllergyCategory.MEDICATION, ("Tendon pain",), AllergySeverity.MODERATE, 1),
    Allergen("Atorvastatin", AllergyCategory.MEDICATION, ("Muscle aches",), AllergySeverity.MILD, 1.5),
    Allergen("Latex", AllergyCategory.ENVIRONMENT, ("Contact dermatitis",), AllergySeverity.MILD, 1.5),
    Allergen("Bee venom", AllergyCategory.ENVIRONMENT, ("Anaphylaxis",), AllergySeverity.SEVERE, 1),
    Allergen("Tree pollen", AllergyCategory.ENVIRONMENT, ("Sneezing", "Itchy eyes"), AllergySeverity.MILD, 2),
    Allergen("Peanut", AllergyCategory.FOOD, ("Anaphylaxis",), AllergySeverity.SEVERE, 1.5),
    Allergen("Shellfish", AllergyCategory.FOOD, ("Hives", "Lip swelling"), AllergySeverity.MODERATE, 2),
    Allergen("Egg", AllergyCategory.FOOD, ("Rash",), AllergySeverity.MILD, 0.5),
)

# ---------------------------------------------------------------------------------------------- payers

MEDICARE: Final = "Medicare"
MEDICAID: Final = "MassHealth"
COMMERCIAL_PAYERS: Final = _words(
    "Blue Cross Blue Shield of Massachusetts, Harvard Pilgrim Health Care, Tufts Health Plan, Aetna, Cigna, "
    "UnitedHealthcare, Fallon Health"
)
MEDICARE_ADVANTAGE_PAYERS: Final = _words(
    "Aetna Medicare Advantage, UnitedHealthcare Medicare Advantage, Tufts Health Plan Medicare Preferred, "
    "Blue Cross Medicare Advantage"
)

# ---------------------------------------------------------------------------------------------- outside care

SPECIALIST_PRACTICES: Final = {
    "Cardiology": ("Harborside Cardiology Associates", "Riverside Heart Center"),
    "Nephrology": ("Bay State Kidney Care",),
    "Pulmonology": ("North Shore Lung Specialists",),
    "Endocrinology": ("Commonwealth Diabetes & Endocrine",),
    "Behavioral health": ("Mystic Valley Counseling", "Riverside Behavioral Health"),
    "Neurology": ("Charles River Memory & Neurology",),
}
SPECIALTY_ROLES: Final = {
    "Behavioral health": CareTeamRole.BEHAVIORAL_HEALTH,
}
#: Outside clinicians: plain invented names, so nobody real is put on a care team.
SPECIALIST_NAMES: Final = _words(
    "Helen Park, Marcus Bell, Ruth Adeyemi, Samuel Ortiz, Grace Lindqvist, Omar Haddad, Lena Novak, "
    "David Chen, Priya Raman, Thomas Keane, Alicia Moreno, Victor Jean-Louis, Nadia Petrova, Ellen Whitford"
)
HOME_HEALTH_AGENCIES: Final = _words("Riverside Visiting Nurses, Harbor Home Health, Bay Path Home Care")

BEST_TIME_NOTES: Final = _words(
    "after 3 pm on weekdays, not before 10 am, works nights: call after noon, lunch hour is best, "
    "weekends are easier"
)
DO_NOT_CONTACT_REASONS: Final = _words(
    "Patient request, Wrong number reported, Mail returned undeliverable, Shared phone: privacy concern"
)
