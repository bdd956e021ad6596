"""The warning signs the risk model looks for, as rules over canonical text (``risk_text``).

Each rule names a phenomenon, not a sentence: a first-person wish to die, an intent with a
method, a means at hand, an overdose just taken, a farewell… Rules are written against the
canonical spelling, so "jveu mourir", "je veux mourir" and "Je veux MOURIR" are one case.

A rule says who must be speaking:
- ``SELF``: the words themselves are in the first person ("kill myself", "me tuer", "mes
  jours"), so no subject needs checking;
- ``ANY``: the subject is looked for before the match in the same clause ("she wants to die"
  is about someone else, "part of me wants to die" is not); with no subject, chat style, the
  writer is assumed to speak of themselves;
- ``TOPIC``: a bare word ("suicide", "self-harm") that may just be a subject of conversation:
  ignored when the message is about a course, a film, a book, the news…;
- ``OTHER``: someone else acts on the writer (danger from a partner, a parent, a stranger);
- ``THIRD``: someone else is at risk ("she wants to kill herself"): never the writer's own.

Gaps between words never cross a negation (``_G``), so "je ne veux pas mourir" does not
read as "veux … mourir"; a negation before the match is checked by the model itself.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Person(enum.Enum):
    SELF = "self"
    ANY = "any"
    TOPIC = "topic"
    OTHER = "other"
    THIRD = "third"


@dataclass(frozen=True)
class Rule:
    name: str
    keys: tuple[str, ...]  # the rule is tried only when one of these is in the message
    gate: re.Pattern[str]  # the key words, each at the start of a word, as one expression
    pattern: re.Pattern[str]
    categories: frozenset[str]  # ``Category`` values
    level: int  # ``RiskLevel`` values
    person: Person = Person.ANY
    negatable: bool = True
    weak: bool = False  # counts only beside a rule that is not weak
    timed: bool = False  # urgent when the message names a time ("tonight", "à 3h")
    exclude: re.Pattern[str] | None = None  # the message reads otherwise when this is in it
    reaches_back: int = 0  # clauses before its key word it may start in ("jumped | still alive")


# ``RiskLevel`` values; plain numbers so that this module needs nothing from ``risk``.
CONCERN, URGENT = 1, 2

# One word that is not a negation, followed by its space: the gap rules may skip.
_G = r"(?:(?!(?:not|never|no|pas|plus|jamais|ne|aucun|aucune|rien|nothing)\b)\w+ )"
_ME_EN = r"(?:myself|my self)"
_SUBJ_EN = r"(?:i|i am|i will|i would|i have|i have been|i was)"
# Medicines often named in overdoses, by brand or molecule, in France and English-speaking
# countries: "j'ai pris toute ma plaquette de xanax", "swallowed 40 of my seroquel".
_DRUGS = (
    r"(?:seroquel|quetiapine|lithium|sertraline|zoloft|prozac|fluoxetine|citalopram|"
    r"escitalopram|lexapro|seroplex|deroxat|paroxetine|venlafaxine|effexor|amitriptyline|"
    r"laroxyl|mirtazapine|olanzapine|risperidone|abilify|diazepam|valium|lorazepam|ativan|"
    r"temesta|clonazepam|klonopin|rivotril|alprazolam|xanax|lexomil|bromazepam|lysanxia|"
    r"seresta|atarax|tercian|theralene|zopiclone|imovane|zolpidem|stilnox|ambien|melatonin\w*|"
    r"benadryl|tramadol|codeine|morphine|oxycodone|fentanyl|lamaline|ixprim|codoliprane|"
    r"advil|nurofen|aspirin\w*|aspegic|paracetamol|doliprane\w*|dafalgan|efferalgan|tylenol|"
    r"acetaminophen|ibuprofen|insulin\w*|adderall|ritalin|antidepress\w*)\w*"
)
# "DRUGS" in a rule's key words stands for all of these.
_DRUG_KEYS = tuple(re.findall(r"[a-z]{4,}", _DRUGS))
_PILLS_EN = (
    r"(?:pills?|tablets?|meds|medications?|medicines?|sleeping pills|painkillers|"
    r"paracetamol|tylenol|acetaminophen|ibuprofen|aspirin|antidepressants?|insulin|"
    r"prescription|bottle|box|packet|pack|capsules?|opioids?|oxy\w*|heroin|" + _DRUGS + ")"
)
_PILLS_FR = (
    r"(?:cachets?|comprimes?|pilules?|medicaments?|medocs|somniferes?|anxiolytiques?|"
    r"antidepresseurs?|doliprane\w*|paracetamol|efferalgan|dafalgan|lexomil|xanax|"
    r"boites?|plaquettes?|flacons?|tubes?|insuline|" + _DRUGS + ")"
)
_QTY_EN = (
    r"(?:a whole|a full|an entire|a strip of|a box of|a packet of|a bottle of|a pack of|"
    r"a blister of|strip of|all|all of|all the|whole|entire|a bunch of|a lot of|lots of|too many|"
    r"loads of|"
    r"everything|the rest of|a handful of|half|(?:[5-9]|[1-9]\d+)|five|six|seven|eight|nine|"
    r"ten|twelve|fifteen|twenty|thirty|forty|fifty|a hundred|hundred)"
)
_QTY_FR = (
    r"(?:tous|toutes|tout|toute|une boite|la boite|une plaquette|la plaquette|trop de|"
    r"beaucoup de|un paquet de|une tonne de|enormement de|"
    r"plein de|un tas de|une poignee de|la moitie|(?:[5-9]|[1-9]\d+)|cinq|six|sept|huit|neuf|"
    r"dix|douze|quinze|vingt|trente|quarante|cinquante|cent)"
)
_GUN = r"(?:guns?|pistol|rifle|shotgun|revolver|firearm|flingue|fusil|pistolet|arme|revolver)"
_BLADE = r"(?:knife|razor|razor blade|blade|couteau|lame|rasoir|cutter|scalpel)"
_ROPE = r"(?:rope|noose|cord|corde|noeud coulant|noeud)"
_HEIGHT = (
    r"(?:bridge|roof|rooftop|ledge|edge|cliff|balcony|railing|tracks|rails|overpass|"
    r"window ledge|parking garage|tower|pont|toit|rebord|falaise|balcon|parapet|voie ferree|"
    r"rails|viaduc|fenetre|toi(?= \|))"
)
_MEANS = rf"(?:{_PILLS_EN}|{_PILLS_FR}|{_GUN}|{_BLADE}|{_ROPE}|bullets|cartouches|balles)"
_AT_HAND = (
    r"(?:in front of me|next to me|beside me|right here|here with me|with me|in my hands?|"
    r"on my (?:desk|bed|lap|table)|on the table|lined up|ready|loaded|counted out|"
    r"sur mes genoux|in my pocket|dans ma poche|"
    r"devant moi|a cote de moi|pres de moi|dans (?:la|ma|les|mes) mains?|avec moi|"
    r"sur (?:la|ma) table|sur mon (?:bureau|lit)|pret(?:e|es|s)?|chargee?|alignes|sous la main|"
    r"on my (?:nightstand|bedside table)|sur ma table de nuit|sur la table de nuit|"
    r"(?:and )?i have counted them|(?:et )?je les ai comptee?s)"
)
_THIRD_SELF = r"(?:himself|herself|themselves|themself)"
_PILLS_ANY = rf"(?:{_PILLS_EN}|{_PILLS_FR})"
# Places to jump from, for "I'm at the station and I want to jump".
_PLACES = (
    r"(?:balcony|balcon|bridge|pont|roof|toit|station|gare|quai|platform|train|window|fenetre|"
    r"ledge|rebord|cliff|falaise|tracks|rails)"
)

# Suicide verbs in canonical form, English and French.
_KILL_SELF_EN = (
    rf"(?:kill|killing|kills|killed|unalive|end|ending|off|offing|hang|hanging|shoot|yeet|"
    rf"shooting|drown|drowning|poison|poisoning|suffocate|delete|deleting) {_ME_EN}"
)
_KILL_SELF_FR = (
    r"(?:me (?:tuer|tuerai|tuerais|suicider|suiciderai|flinguer|pendre|"
    r"pendrai|noyer|foutre en l air|fous en l air|foutrai en l air|tirer une balle|"
    r"jeter (?:sous|du|de|par|dans)|ouvrir les veines|taillader les (?:veines|poignets)|"
    r"empoisonner|laisser mourir)|"
    r"(?:mettre|mets|mettrai) fin a (?:mes jours|ma vie|tout ca|tout)|en finir|finir avec la vie|"
    r"mettre un terme a ma vie|"
    r"faire une (?:overdose|surdose|od|ts|tentative)|passer a l acte)"
)
_END_IT_EN = (
    r"(?:end (?:my life|my own life|it all|it|things|everything|myself)|ending (?:my life|it "
    r"all|it|things|everything)|take my (?:own )?life|taking my (?:own )?life|commit suicide|"
    r"committing suicide|catch the bus|catching the bus|kys|hang myself|shoot myself|"
    r"slit my wrists|overdose|do it|doing it|walk into the (?:sea|ocean|river|lake)|"
    r"(?:jump|"
    r"jumping)(?! (?:in|into|on|onto|over|"
    r"around|rope|at|for|up|through|ship|with|the (?:pool|lake|queue|gun))\b)|"
    rf"(?:take|swallow|down) (?:all|every|the rest of|the whole|all of) (?:my |the |of my |"
    rf"of the |of )?(?:{_PILLS_EN}|them|it)|swallow (?:them|it) all)"
)
_INTENT_EN = (
    r"(?:going to|gonna|will|shall|about to|ready to|decided to|planning to|plan to|"
    r"plan on|intend to)"
)
_INTENT_FR = (
    r"(?:vais|vai|compte|ai decide de|suis decidee? a|suis pret a|suis prete a|veux ce soir|"
    r"vais bientot)"
)
_TIME = re.compile(
    r"\b(?:tonight|tomorrow|today|this (?:morning|afternoon|evening|weekend|week|night)|"
    r"in (?:an|one|a|two|three|\d+|a few|few) (?:hours?|minutes?|mins?)|"
    r"at (?:\d{1,2}(?: \d\d)?(?: (?:am|pm|h|o clock))?|midnight|noon|dawn|sunrise)|"
    r"\d{1,2} (?:am|pm)|(?:on |next |this )?(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)|next week|after (?:work|school|class|dinner|my shift)|"
    r"(?:after|when|once) (?:everyone|everybody|they|my parents|my family|my wife|"
    r"my husband|the kids) (?:is |are |go |goes |fall |falls |have gone )?(?:asleep|to sleep|"
    r"to bed|sleeping|gone|leave|leaves|out)|right now|now|soon|before (?:morning|dawn)|"
    r"yesterday|last night|earlier today|an hour ago|(?:a few |\d+ )?minutes ago|"
    r"hier|hier soir|tout a le heure|il y a une heure|"
    r"ce soir|cette nuit|demain|aujourd hui|ce matin|cet aprem\w*|tout a le heure|"
    r"a \d{1,2} h|\d{1,2} h(?: \d\d)?|a minuit|a midi|dans (?:une|1|deux|trois|\d+|quelques) "
    r"(?:heures?|minutes?|min)|ce week end|ce weekend|ce we|cette semaine|la semaine "
    r"prochaine|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|apres (?:les cours|"
    r"le cours|le travail|le boulot|le taf|le repas|le diner)|quand (?:tout le monde|"
    r"mes parents|ils|elles|elle|il|ma famille) (?:dormira|dormiront|dort|dorment|sera "
    r"couche|seront couches|sera partie?|seront partis)|maintenant|tout de suite|bientot)\b"
)
# Speech about suicide rather than from someone at risk: teaching, media, fiction, helplines.
MARKERS = re.compile(
    r"\b(?:prevention|awareness|training|course|class|lesson|lecture|documentary|article|"
    r"news|report|statistics|stats|rates?|research|study|essay|thesis|podcast|book|novel|"
    r"film|movie|series|tv show|episode|song|lyrics|album|character|hotline|helpline|"
    r"lifeline|crisis line|988|3114|116 123|samaritans|volunteer\w*|speaker|conference|"
    r"workshop|sensibilisation|formation|cours|classe|lecon|documentaire|infos|journal|"
    r"reportage|statistiques|taux|etude|recherche|expose|memoire|these|livre|roman|serie|"
    r"chanson|paroles|personnage|ligne de ecoute|numero|benevole|intervenante?s?|"
    r"conference|atelier|emc|squad|show|shows|studying|study|etudie|etudier|psycho\w*|"
    r"sociolog\w*|13 reasons)\b"
)
# A death or an act long past, told as history.
DISTANCE = re.compile(
    r"\b(?:years ago|\w+ years back|last year|decades? ago|when i was (?:young|little|a kid|"
    r"a teen\w*|\d+)|in the past|back then|il y a (?:\w+ )?(?:ans|annees)|le an dernier|"
    r"l annee derniere|quand je etais (?:petite?|jeune|ado\w*|enfant)|autrefois|"
    r"plus jeune|passed away|died of|est mort de|est morte de)\b"
)
# Idioms and names that share a word with a warning sign; removed before the rules run.
IDIOMS = re.compile(
    r"\b(?:to die for|dying to \w+|dying of (?:boredom|laughter|heat|cold|hunger|thirst|"
    r"embarrassment|shame)|die (?:of|from) (?:embarrassment|laughter|boredom)|"
    r"(?:died|die|dying) laughing|killing (?:myself|me) laughing|laughing myself to death|"
    r"kill(?:ing)? time|dead tired|could kill for|would kill for|kill for a|kill to have|"
    r"rather die than|rather be dead than (?:be seen|wear|go|eat|listen|watch|work)|"
    r"i am dead serious|suicide squad|suicide mission|suicide doors?|"
    r"mort de (?:rire|fatigue|faim|soif|froid|chaud|honte|peur|ennui)|"
    r"morte? de (?:rire|fatigue|faim|soif|froid|chaud|honte|peur|ennui)|"
    r"meurs? de (?:envie|ennui|faim|chaud|froid|soif|rire|peur)|"
    r"a mourir de (?:ennui|rire)|mourir de (?:rire|ennui|faim|soif|chaud|froid|honte)|"
    r"plutot mourir que|could sleep forever|pourrais dormir pour toujours|(?:tired|crevee?|"
    r"fatiguee?) (?:\w+ ){0,4}(?:could|pourrais) (?:die|mourir)|me pendre a (?:ton|son|votre|"
    r"leur) cou|die (?:my|her|his|their|your|"
    r"the) (?:hair|clothes|shirt|jeans)|"
    r"je me tue a (?:te|vous|le|leur|lui) |je suis mort \| trop drole|"
    r"mdr je suis mort)\b"
)
# Everyday contexts in which a sign word is literal.
_ACCIDENT = (
    # Not when the writer says it was on purpose ("burned my arm with the iron on purpose").
    r"^(?!.*\b(?:on purpose|expres|deliberately|volontairement)\b).*?\b(?:shaving|cooking|chopping|"
    r"peeling|by accident|accidentally|on the (?:oven|stove|"
    r"pan|iron|kettle|grill)|in the kitchen|small blister|blister|ampoule|cloque|epluchant|"
    r"cuisinant|avec le four|au four|le doigt|my finger|la poele|fer a repasser|avec le fer|"
    r"the iron|ouch|aie|ouille|en ouvrant|boite de conserve|opening a (?:can|tin|box)|"
    r"les ongles|gardening|jardinant)\b"
)
_PURPOSE = (
    r"\b(?:for (?:rock |the )?(?:climbing|camping|hunting|sailing|the boat|my boat|the garden|"
    r"gardening|a project|the bbq|barbecue|work|my dog|the gym|crossfit|moving|my kitchen)|"
    r"for (?:my|the|a|our) (?:\w+ )?(?:tent|hammock|swing|boat|dog|garden|clothes|washing|bike|car|"
    r"move|gym|class|course|project)|pour (?:ma|mon|la|le|notre) (?:\w+ )?(?:tente|hamac|"
    r"balancoire|"
    r"bateau|chien|jardin|linge|velo|voiture|demenagement|cours|projet)|"
    r"pour (?:le |la |l )?(?:escalade|camping|chasse|bateau|jardin|barbecue|travail|chien|"
    r"demenagement|cuisine)|hunting season|la chasse|shooting range|stand de tir|"
    r"kitchen|cuisine|knife set|set de couteaux)\b"
)
_SOCIAL = (
    r"\b(?:fireworks|feu de artifice|picnic|pique nique\w*|drink|verre|friends|amis|potes|"
    r"view|vue|photos?|terrace|terrasse|waiting for|attends le|see you|a plus|a bientot|"
    r"be there|on my way|en route|arrive dans|almost there|presque|traffic|bouchons|"
    r"stuck on the|bloque sur|family|famille|tourist\w*|touriste\w*|visit\w*|fixing|"
    r"repair\w*|reparer|antenna|antenne|gutter|gouttiere|cleaning|nettoy\w*|chantier|"
    r"bouchonne|bouchons?|embouteillage|circulation|in the car|en voiture)\b"
)
_SEE_YOU = (
    r"\b(?:(?<!not )(?<!never )see you(?! again)|see ya|talk (?:to you )?(?:later|soon|tomorrow)|"
    r"ttyl|a demain|a plus|"
    r"a bientot|a tout a le heure|a la semaine prochaine|on se voit|bonne nuit|good night|"
    r"goodnight|before (?:i sleep|bed|i go to bed)|avant de dormir|"
    r"before (?:i board|boarding|the plane|my flight)|avant de embarquer|avant mon vol|"
    r"holiday|vacation|vacances|trip|voyage|while i am|pendant mes|moving|demenage\w*|"
    r"new job|got the job|le poste|apartment|appart\w*|party|soiree|twitter|instagram|insta|"
    r"facebook|tiktok|reddit|discord|snapchat|social media|reseaux sociaux|the group|le groupe|"
    r"late|en retard|retard)\b"
)


def _rule(
    name: str,
    keys: str,
    pattern: str,
    categories: str,
    level: int = CONCERN,
    *,
    person: Person = Person.ANY,
    negatable: bool = True,
    weak: bool = False,
    timed: bool = False,
    exclude: str | None = None,
    reaches_back: int = 0,
) -> Rule:
    words = tuple(k for key in keys.split("|") for k in (_DRUG_KEYS if key == "DRUGS" else (key,)))
    return Rule(
        name=name,
        keys=words,
        # Key words are matched at the start of a word: "end" is not in "weekend".
        gate=re.compile(r"\b(?:" + "|".join(re.escape(word.strip()) for word in words) + ")"),
        pattern=re.compile(pattern),
        categories=frozenset(categories.split()),
        level=level,
        person=person,
        negatable=negatable,
        weak=weak,
        timed=timed,
        exclude=re.compile(exclude) if exclude else None,
        reaches_back=reaches_back,
    )


RULES: tuple[Rule, ...] = (
    # --- intent: going to, about to, decided to (urgent: an announced act)
    _rule(
        "intent_en",
        "kill|end|life|suicide|bus|kys|hang|shoot|slit|overdose|jump|do it|doing it|unalive|"
        "take|swallow|down|off|delet|drown|poison|suffocat|overdos|DRUGS|walk|yeet",
        rf"\b(?:{_INTENT_EN} (?:{_G}{{0,2}})?(?:{_KILL_SELF_EN}|{_END_IT_EN})|am (?:killing myself|"
        r"ending (?:it|it all|my life|things|everything)|doing it|taking all|jumping|hanging "
        r"myself|overdosing|catching the bus))\b",
        "plan",
        URGENT,
        person=Person.SELF,
        exclude=r"\b(?:end (?:it|things) with|do it (?:for|with) (?:you|me|him|her)|"
        r"homework|essay|project|exam)\b",
    ),
    _rule(
        "intent_fr",
        "tue|suicid|finir|foutre|pend|jeter|fin a|flinguer|noyer|veines|balle|overdose|"
        "surdose|acte|tentative| od| ts|fous|poignet|poison|mourir|terme|mets fin|mettrai|sauter|"
        "avaler|prendre|marcher|voiture|point",
        rf"\b{_INTENT_FR} (?:{_G}{{0,2}})?(?:{_KILL_SELF_FR}|sauter (?:du|de un|de le|de la|"
        r"par la|sous|dans le vide)|avaler (?:tous|toutes|tout)|prendre (?:tous|toutes|tout) "
        r"(?:mes|les)|marcher dans la mer|jeter ma voiture)\b|\bsur le point de (?:le faire|"
        r"me tuer|en finir|passer a l acte|sauter|me suicider)\b",
        "plan",
        URGENT,
        person=Person.SELF,
        exclude=r"\ben finir avec (?!la vie|tout|moi|le existence)",
    ),
    _rule(
        "plan_named",
        "plan|prevu|planned|planifie|planning|plans",
        rf"\b(?:plan|plans|planned|planning|un plan|mon plan|prevu|planifie) (?:{_G}{{0,3}})?"
        r"(?:to kill myself|to end (?:my life|it)|to die|suicide|pour me (?:tuer|suicider)|"
        r"de me (?:tuer|suicider)|pour en finir|de en finir|mon suicide|ma mort|my death|"
        r"how i will do it|how to do it|how i am going to do it|comment le faire|comment je vais "
        r"le faire|comment faire)\b",
        "plan",
        URGENT,
        person=Person.SELF,
    ),
    # A decision said out loud ("c'est décidé", "I set a date"): urgent once a time is named.
    _rule(
        "resolve",
        "decid|mind|planned|date|prevu|decision|sera fini|be over|organise|planifie|worked out",
        r"\b(?:(?:i have|i) decided|made up my mind|it is decided|all planned|have it all "
        r"planned|set a date|picked a date|chose the date|ce est decide|decision est prise|"
        r"tout prevu|tout organise|tout planifie|all worked out|got it all worked out|"
        r"choisi la date|fixe la date|tout sera (?:fini|termine)|it will (?:all )?"
        r"be over)(?= \|| i am| i will| ce| je|$)",
        "plan",
        person=Person.SELF,
        timed=True,
        weak=True,
    ),
    _rule(
        "set_a_date",
        "date",
        r"\b(?:set a date|picked a date|chose the date|chosen the date|choisi la date|fixe la "
        r"date|choisi le jour|picked the day)(?= \|)",
        "plan",
        person=Person.SELF,
        timed=True,
    ),
    _rule(
        "acting_out",
        "acte|go through|going through",
        r"\b(?:(?:passe|passer|passerai|passerais) a l acte|go through with it|going through "
        r"with it)\b",
        "plan",
        timed=True,
    ),
    _rule(
        "all_over",
        "sera fini|be over|sera termine",
        r"\b(?:tout sera (?:fini|termine)|it will (?:all )?be over)\b",
        "plan",
        person=Person.SELF,
        timed=True,
    ),
    _rule(
        "act_now_fr",
        "en finis|saute|me pends|me tue|me suicide|prends|avale|DRUGS|mets fin",
        rf"\b(?:je en finis|en finis|je saute(?= \|)|je me pends|je me tue|je me suicide|"
        r"je mets fin a (?:tout|mes jours|ma vie)|"
        rf"je prends (?:tous|toutes|tout) (?:mes|les) {_PILLS_FR}|je avale (?:tous|toutes|tout) "
        rf"(?:mes|les) {_PILLS_FR})\b",
        "plan",
        person=Person.SELF,
        timed=True,
    ),
    _rule(
        "do_it_timed",
        "do it|doing it|le fais|le ferai|le faire|end it",
        r"\b(?:do it|doing it|end it|le fais|le ferai|le faire)\b"
        r"(?! (?:en|de joie|le repas|des|une|un|le pas)\b)",
        "plan",
        person=Person.SELF,
        timed=True,
        weak=True,
    ),
    # --- active thoughts
    _rule(
        "kill_self_en",
        "kill|unalive|end|off|hang|shoot|drown|poison|suffocate|delet|yeet",
        rf"\b{_KILL_SELF_EN}\b",
        "active_thoughts",
        person=Person.SELF,
    ),
    _rule(
        "kill_self_fr",
        "tue|suicid|finir|foutre|fous|pend|jeter|fin a|flinguer|noyer|veines|balle|terme|overdose|"
        "surdose|acte|tentative| od| ts|mets fin|mettrai",
        # "ce boulot va me tuer", "elle va me tuer": someone or something else does it.
        # (The look-ahead on first letters spares the look-behinds almost everywhere.)
        r"\b(?=[mefp])(?<!\bva )(?<!\bvont )(?<!\bveut )(?<!\ballait )(?<!\bvoulait )"
        rf"(?<!\bpourrait )(?<!\bvas )(?<!\bveulent ){_KILL_SELF_FR}\b",
        "active_thoughts",
        person=Person.SELF,
        exclude=r"\ben finir avec (?!la vie|tout|moi|le existence)",
    ),
    _rule(
        "end_life_en",
        "life|end it|end things|ending|kys|bus|suicide|end",
        r"\b(?:(?:end|ending|take|taking) my (?:own )?life|commit\w* suicide|"
        r"(?:want|wanted|wanting|need|urge|urges|think|thinking|thought|thoughts|might|should|"
        rf"ready|time|to) (?:to |of |about )?(?:{_G}{{0,2}})?(?:end (?:it all|it|things|"
        r"everything)|ending (?:it all|it|things|everything))(?! with)|(?:catch|catching) the "
        r"bus(?! (?:to|at|home|from|into|for|back|in|because|this morning|again)\b)|"
        rf"(?:i|me|should|going to|want to|might|ready to|about to|to) (?:{_G}{{0,2}})?kys)\b",
        "active_thoughts",
        person=Person.SELF,
    ),
    _rule(
        "suicidal",
        "suicid",
        r"\b(?:suicidal|suicidaire|suicidaires|pensees? suicidaires?|idees? suicidaires?|"
        r"suicidal (?:thoughts?|ideation|feelings?|urges?))\b",
        "active_thoughts",
    ),
    _rule(
        "think_of_dying",
        "think|thought|consider|fantas|dream|pens|idee|imagin|mind|crossing|obsess|songe",
        r"\b(?:think|thinking|thought|thoughts|considering|consider|considered|fantasi[sz]\w*|"
        rf"dream\w*|obsess\w*|pense|pensais|penser|pensees?|songe|imagine) (?:{_G}{{0,2}})?"
        rf"(?:about |of |a |au |aux |de |que )?(?:{_G}{{0,1}})?(?:suicide|dying|death|my own death|"
        r"my death|killing myself|ending it|ending my life|ending things|taking my (?:own )?life|"
        r"how i would do it|how to do it|le suicide|ma mort|la mort|me suicider|mourir|"
        rf"taking (?:all|every|the rest of|all of) (?:my |the )?{_PILLS_EN}|overdosing|"
        r"jumping (?:off|from|in front)|hanging myself|how i would kill myself|"
        r"comment je me tuerais|comment me tuer|"
        r"en finir|me tuer)\b",
        "active_thoughts",
    ),
    _rule(
        "own_funeral",
        "funeral|enterrement|obseques",
        r"\b(?:my own|my|mon propre|mon|mes propres|mes) (?:funeral|enterrement|obseques)\b",
        "active_thoughts",
    ),
    _rule(
        "dark_thoughts",
        "noires|noire",
        r"\bidees? noires?\b",
        "active_thoughts",
    ),
    _rule(
        "suicide_topic",
        "suicid|self|automutil|auto mutil",
        r"\b(?:suicide|suicides|suicider|suicidee?|se suicider)\b",
        "active_thoughts",
        person=Person.TOPIC,
    ),
    _rule(
        "wants_suicide_fr",
        "vouloir|envie|partir",
        r"\b(?:vouloir (?:mourir|se tuer|se suicider|mettre fin a sa vie|en finir)|"
        r"partir pour (?:de bon|toujours))\b",
        "active_thoughts",
        person=Person.SELF,
        exclude=r"\b(?:poste|job|travail|boulot|canada|etranger|au |en (?!finir)|demenage\w*|"
        r"appart\w*|maison|vacances|voyage|pays|ville|ecole)\b",
    ),
    _rule(
        "method_search",
        "how|way|comment|dose|lethal|mortel|painless|souffrir|many|combien",
        r"\b(?:(?:painless|easiest|quickest|best|fastest|quick|easy) ways? to (?:die|go|kill "
        r"myself|end it)|how (?:to|do i|can i|could i) (?:kill myself|die|end it|end my life|"
        rf"overdose)|how many {_PILLS_EN} (?:\w+ ){{0,3}}(?:take|kill|die|lethal|fatal)|"
        rf"combien de {_PILLS_FR} (?:\w+ ){{0,3}}(?:faudrait|faut|pour mourir|pour en finir|"
        r"mortel\w*)|lethal dose|fatal dose|"
        r"comment (?:mourir|me tuer|me suicider|en finir)|mourir sans souffrir|dose mortelle|"
        r"dose letale)\b",
        "active_thoughts method",
    ),
    _rule(
        "method_height",
        "jump|saut|jeter|bridge|pont|train|driv|drov|crash|front|throw|yeet",
        rf"\b(?:jump|jumping|jumped|throw myself|yeet myself|sauter|saute|sauterai|me jeter) "
        rf"(?:off|from|in front of|under|du|de le|de la|de un|par la|sous|devant) "
        rf"(?:{_G}{{0,2}})?(?:{_HEIGHT}|train|metro|bus|car|truck|voiture|camion|rer|tram)\b|"
        r"\b(?:drive|driving|drove|crash|crashing) (?:my car )?(?:into|off) (?:a |the )?"
        r"(?:wall|tree|truck|bridge|cliff|river)\b|\bstep\w* in front of (?:a |the )?"
        r"(?:train|bus|car|truck)\b",
        "active_thoughts method",
        timed=True,
        exclude=r"\b(?:diving board|plongeoir|into the (?:lake|pool|water)|dans le lac|"
        r"parachute|saut a le elastique|bungee|for fun|pour rire)\b",
    ),
    _rule(
        "looking_at_means",
        "look|star|regard|fix|DRUGS",
        rf"\b(?:look\w*|star\w*|regard\w*|fixe\w*) (?:at )?(?:{_G}{{0,2}})?{_MEANS}\b",
        "active_thoughts method",
        weak=True,
    ),
    _rule(
        "thinking_about_it",
        "about it|y pense|pense a ca",
        r"\b(?:think\w* about (?:it|doing it)|je y pense|pense a ca)\b",
        "active_thoughts",
        weak=True,
    ),
    # --- wish to die, to disappear, not to wake up
    _rule(
        "want_to_die_en",
        "die|dead|gone|unalive|disappear|vanish|exist|sleep|wake|born|alive|death|here|cease",
        rf"\b(?:want|wanted|wants|wanting|wish|wishing|need|needs|ready|deserve|hope|pray|"
        rf"praying|rather|prefer|long|longing) (?:to )?(?:{_G}{{0,2}})?(?:die|be dead|be gone|"
        rf"dead|be unalive|unalive|disappear|vanish|stop existing|not exist|cease to exist|"
        rf"not be here|sleep forever|sleep and never wake up|never wake up|not wake up|"
        rf"fall asleep and (?:never|not) wake up)\b(?! (?:under|into|for a|for the|until|from|to|"
        rf"on|at|in a|somewhere|"
        rf"off|of (?:laughter|boredom))\b)",
        "wish_to_die",
    ),
    _rule(
        "wish_i_were_dead",
        "wish|hope|pray|rather|hoping",
        r"\b(?:wish|wished|hope|hoping|pray|praying|rather) (?:\w+ ){0,3}?(?:that )?(?:i|id|"
        r"i would|"
        r"i could|"
        r"i will|i might) "
        r"(?:\w+ ){0,5}(?:was dead|die in my sleep|never born|never been born|not born|were dead|"
        r"be dead|die|died|dead|wake up|been born|was born|were born|was not alive|were not "
        r"alive|was gone|were gone|not exist|vanish|disappear)\b(?! (?:to|on|at|in|into|from|for|"
        r"somewhere)\b)",
        "wish_to_die",
        negatable=False,
    ),
    _rule(
        "hit_by",
        "hit by|run over|renverser|ecraser|percuter|renverse par",
        r"\b(?:wish|hope|pray|want|aimerais|voudrais|souhaite|espere|envie de|veux) "
        r"(?:\w+ ){0,4}(?:hit by|run over by|renverser par|ecraser par|percuter par)\b",
        "wish_to_die",
        negatable=False,
    ),
    _rule(
        "hit_by_wish",
        "hit|kill|run|renverse|ecrase|percute",
        rf"\b(?:wish|hope|pray|aimerais|voudrais|souhaite|envie) (?:{_G}{{0,4}})?(?:a |une |un )?"
        r"(?:car|bus|truck|train|voiture|camion) (?:would |will |could )?(?:hit|kill|run over|"
        r"me renverse|me ecrase|me percute)\b",
        "wish_to_die",
        negatable=False,
    ),
    _rule(
        "not_want_to_live_en",
        "not|tired|sick|done|over|stop|want",
        rf"\b(?:do not|does not|no longer|not) (?:{_G})?(?:want|wish|care|feel like) (?:to )?"
        rf"(?:{_G})?(?:be here|live|exist|be alive|wake up|go on|be around|keep living|keep going|"
        r"stay alive|survive)\b(?! (?:here|there|in|with (?:my|them|him|her)|at)\b)|"
        r"\b(?:tired|sick|weary|done) (?:of|with) (?:being alive|living|life|existing|"
        r"this life)\b(?! (?:on|with|like|off)\b)|\bwant (?:it|everything|it all|this|"
        r"all of this) (?:all )?to (?:stop|end|"
        r"be over)(?: forever| permanently| for good)?\b|\b(?:everything|it all|it) to stop "
        r"(?:forever|permanently|for good)\b",
        "wish_to_die",
        negatable=False,
        exclude=r"\b(?:comfy|cozy|cosy|so warm|lazy|trop bien|confortable)\b",
    ),
    _rule(
        "never_wake_up",
        "wake|reveiller|sleep|asleep|endormir|dormir|sleep|asleep|endormir|dormir",
        r"\b(?:(?:sleep|asleep|endormir|dormir) (?:forever|for good|pour toujours|pour de bon)|"
        r"(?:sleep|asleep|endormir|dormir) (?:and|et) (?:never|not|ne pas|ne plus|jamais|"
        r"plus|pas) (?:ever |jamais )?(?:wake up|me reveiller|me reveille|reveiller))\b",
        "wish_to_die",
        negatable=False,
    ),
    _rule(
        "better_dead",
        "dead|better|mort|relief|soulagement|delivrance|death|gone|partie|parti",
        r"\b(?:better off dead|better off gone|rather be dead|be better dead|mieux (?:mort|morte|"
        r"partie?)|"
        rf"(?:prefere|preferais|prefererais|aimerais|voudrais|souhaite) (?:{_G}{{0,1}})?etre "
        rf"(?:mort|morte)|death (?:sounds|seems|would be|feels) (?:{_G}{{0,2}})?(?:relief|"
        rf"better|peaceful|easier|answer)|(?:la )?mort (?:serait|sera|me semble) (?:{_G}{{0,1}})?"
        r"(?:soulagement|delivrance|mieux|plus simple|solution))\b",
        "wish_to_die",
    ),
    _rule(
        "veux_mourir",
        "mour|crever|disparaitre|exister|reveil|morte|mort|etre la|vivre|nee|dormir|tout se|naitre|"
        "voulu",
        r"\b(?:envie|veux|veut|voulais|voudrais|aimerais|aimerai|prefere|prefererais|souhaite|"
        rf"besoin|reve|revais|prie|prier|hate|espere|esperais|voulu) (?:de |me |"
        rf"d )?(?:{_G}{{0,2}})?(?:mourir|crever|"
        r"disparaitre|etre morte?|ne plus etre la|plus etre la|ne plus exister|plus exister|"
        r"dormir pour toujours|dormir pour de bon|ne jamais me reveiller|ne plus me reveiller|"
        r"plus me reveiller|pour ne pas me reveiller|pour ne plus me reveiller|"
        r"pour pas me reveiller|"
        r"pour plus me reveiller|pas me reveiller|"
        r"ne pas me reveiller|endormir et ne plus me reveiller|ne jamais etre nee?|"
        r"jamais etre nee?|ne jamais naitre|jamais naitre|que tout se arrete)\b(?! (?:sous|de la|"
        r"de le|des|du|dans|"
        r"jusqu|pour le week|ce week|de rire|de honte|un moment|quelque temps|un peu|pendant|sur|"
        r"a le|au|en|vers|loin)\b)",
        "wish_to_die",
        negatable=True,
    ),
    _rule(
        "no_more_life_fr",
        "vivre|vie|exister|reveiller|etre la|vecue",
        r"\b(?:(?:ne )?(?:veux|veut|voudrais) (?:plus|pu) (?:vivre|exister|etre la|"
        r"me reveiller|etre en vie)|(?:ne )?(?:veux|voudrais|aimerais|envie de) (?:pas|plus|"
        r"jamais) me reveiller|(?:plus|pas|aucune) (?:envie|la force|le courage) de "
        r"(?:vivre|continuer a vivre|exister|etre en vie)|(?:marre|fatiguee?|epuisee?|lasse?) "
        r"de (?:la vie|vivre|exister|etre en vie|ma vie)|si seulement je pouvais (?:ne plus|"
        r"plus) me reveiller|ne plus me reveiller|ne jamais me reveiller)\b",
        "wish_to_die",
        negatable=False,
        exclude=r"\bmdr\b",
    ),
    # A wish, a readiness or a desert, then dying, in a few words: the general form of the
    # phrasings above ("I'm ready to die", "je merite de mourir", "tempted to end it all").
    _rule(
        "desire_then_death",
        "want|wish|hope|ready|deserve|tempt|prefer|rather|need|long|veux|voudrais|aimerais|"
        "envie|pret|merite|souhaite|espere|besoin|tente|feel|give|donnerais|prefer|should|devrais|"
        "might|autant",
        r"\b(?:want|wanted|wants|wanting|wish|hope|ready|deserve|deserves|tempted|prefer|"
        r"rather|need|longing|feel like|give anything|donnerais tout pour|prefererais|preferais|"
        r"should|devrais|might as well|autant|"
        r"veux|voudrais|aimerais|"
        r"envie|prete?|prets|merite|souhaite|"
        r"espere|prefere|besoin|tentee?) (?:to |de |a |d )?(?:" + _G + r"{0,3})?(?:die|be dead|"
        r"overdose|od|mourir|crever|me tuer|me suicider|en finir(?! avec (?!la vie|tout|moi))|"
        r"faire une (?:overdose|od)|"
        r"tout arreter (?:pour de bon|pour toujours|definitivement)|end it all|end my life|"
        r"kill myself|etre morte?|ending it all|ending it|ending my life|killing myself|dying|"
        r"stop existing|arreter de exister|ne plus exister|plus exister|not exist|not be alive|"
        r"stop living|arreter de vivre|"
        r"ne plus etre en vie|plus etre en vie|ne pas etre en vie|not be here|ne plus etre la)\b",
        "wish_to_die",
    ),
    _rule(
        "better_when_dead",
        "easier|better|simpler|simple|mieux|happier|heureu|off|relieved|soulag",
        r"\b(?:(?:easier|better|simpler|happier|relieved|plus simple|mieux|plus facile|"
        r"plus heureu\w*|soulagee?s?) "
        r"(?:\w+ ){0,3}(?:if i|si je) (?:\w+ ){0,1}(?:died|was dead|was gone|were gone|were dead|"
        r"mourais|etais "
        r"morte?|disparaissais|ne etais plus la|etais plus la|was not alive|were not alive|"
        r"etais pas en vie|etais plus en vie|etais pas la|was not here|were not here|"
        r"was not born|were not born|had "
        r"not been born|had never been born|ne etais jamais nee?|etais pas nee?)|(?:better off|"
        r"happier|ira mieux|"
        r"iront mieux|sera mieux|seront mieux|sera plus heureu\w*|seront plus heureu\w*) "
        r"(?:\w+ ){0,2}(?:when|once|quand|une fois que) (?:i am|je serai) (?:dead|gone|morte?|"
        r"plus la|partie?))\b",
        "hopelessness wish_to_die",
        negatable=False,
    ),
    _rule(
        "no_one_would_miss_me",
        "no one|nobody|personne",
        r"\b(?:no one|nobody) (?:\w+ ){0,2}(?:would|will) (?:even )?(?:miss me|notice|care)|"
        r"personne (?:ne )?(?:me )?(?:regretterait|remarquerait|manquerait|pleurerait|verrait la "
        r"difference)\b",
        "hopelessness",
        negatable=False,
    ),
    _rule(
        "no_one_would_notice",
        "no one|nobody|personne",
        r"\b(?:no one|nobody|personne) (?:\w+ ){0,3}(?:notice|care|miss|remarquer\w*|verrait|"
        r"regretter\w*|rendrait compte|manquer\w*|pleurer\w*) (?:\w+ ){0,3}(?:if i|si je) "
        r"(?:\w+ ){0,2}(?:was gone|were gone|died|was dead|plus la|mourais|etais morte?|"
        r"disparaissais|ne etais plus la|disappeared|partais|etais partie?|left)\b",
        "hopelessness",
        negatable=False,
    ),
    _rule(
        "no_point_living",
        "point|interet|sens",
        r"\b(?:see|vois) (?:\w+ ){0,2}(?:point|interet|sens) (?:in|of|de|a) (?:living|life|"
        r"vivre|la vie|continuer|going on|being alive|etre en vie)\b",
        "hopelessness",
        negatable=False,
    ),
    _rule(
        "pain_stop_forever",
        "stop|arrete",
        r"\b(?:pain|douleur|souffrance|it|everything|tout|hurting) (?:\w+ ){0,1}(?:to stop|"
        r"se arrete|arrete|stops) (?:forever|for good|permanently|pour toujours|pour de bon|"
        r"definitivement)\b",
        "wish_to_die",
        negatable=False,
    ),
    _rule(
        "something_stupid",
        "stupid|connerie|betise|dumb|bad|something",
        r"\b(?:do|doing|faire|fasse|fais) (?:something|une|des|un truc) (?:stupid|dumb|bad|"
        r"conneries?|betises?)\b",
        "active_thoughts",
        timed=True,
    ),
    _rule(
        "cannot_stay_safe",
        "promise|promettre|garantir|safe|securite|night|nuit|through",
        r"\b(?:(?:cannot|can not|could not|peux pas|sais pas si je peux) (?:\w+ ){0,1}"
        r"(?:promise|keep myself|promettre|garantir|rester) (?:\w+ ){0,3}(?:safe|en securite)|"
        r"(?:make it|get|survive|pass\w*|tenir) (?:pas )?(?:through )?(?:the night|tonight|la nuit|"
        r"cette nuit|"
        r"jusque a demain|until morning|till morning))\b",
        "active_thoughts",
        URGENT,
        negatable=False,
        exclude=r"\b(?:exam|shift|party|fete|soiree|garde|travail|work)\b",
    ),
    _rule(
        "want_out",
        "want|veux|plus capable|no longer|hold|tenir|combien|how|life|vie|peace|paix",
        r"\b(?:want out of (?:this|my) life|want out(?= \| (?:permanently|for good|forever))|"
        r"want out (?:permanently|for good|forever)|veux (?:en )?sortir de cette vie|"
        r"(?:plus|pas|no longer) (?:capable|able) (?:de |to )?(?:continuer|vivre|tenir|go on|"
        r"continue|cope|keep going)|(?:how much longer|how long) (?:i can|can i|i will|i am "
        r"going to) (?:hold on|go on|keep going|last|take it|survive)|combien de temps (?:je vais|"
        r"je peux|encore je vais) (?:tenir|continuer|supporter|survivre)|"
        r"(?:my life|ma vie) (?:is|est) (?:over|finie|fichue|terminee)(?! (?:if|si|when|quand)\b)|"
        r"(?:made|making|at|fait|faire|en) (?:my )?(?:peace|la paix|paix) (?:with|avec) "
        r"(?:\w+ ){0,3}(?:dying|death|my death|mourir|la mort|ma mort))\b",
        "hopelessness",
        negatable=False,
    ),
    _rule(
        "means_and_plan",
        "plan",
        rf"\b(?:{_MEANS}|{_GUN}|{_ROPE}) (?:and|et) (?:a|un) plan\b",
        "method plan",
        URGENT,
    ),
    _rule(
        "into_the_sea",
        "walk|sea|ocean|mer|river|lake|voiture|car",
        r"\b(?:walk\w* into the (?:sea|ocean|river|lake|water)|(?:marcher|aller|entrer) dans "
        r"(?:la mer|le ocean|la riviere|le lac|le fleuve)|(?:jeter|lancer|foncer avec|crasher) "
        r"ma voiture (?:contre|dans|sur) (?:un|une|le|la)|(?:crash\w*|drive|driving) (?:my "
        r"car )?(?:on purpose|into (?:a|the) (?:tree|wall|river|sea)|off (?:a|the) (?:cliff|"
        r"bridge))|me crasher (?:en voiture )?(?:expres|contre))\b",
        "active_thoughts method",
        timed=True,
    ),
    _rule(
        "the_night",
        "tonight|night|day|soir|jour|aujourd",
        r"\b(?:(?:tonight|today) (?:is )?the (?:night|day)|this is the (?:night|day)|"
        r"ce est (?:ce soir|"
        r"cette nuit|aujourd hui|pour ce soir|le jour|la nuit)(?= \|))",
        "plan",
        person=Person.SELF,
        weak=True,
        timed=True,
    ),
    _rule(
        "it_is_time",
        "time|heure|moment",
        r"(?:\| (?:it is|ce est) (?:time|l heure|le moment)(?: now| maintenant)? \|)",
        "plan",
        person=Person.SELF,
        weak=True,
    ),
    _rule(
        "i_am_done",
        "done|fini",
        r"(?:\| (?:i am|je suis|je en ai) (?:so |completely )?(?:done|fini)(?: with everything| "
        r"avec tout)? \|)",
        "hopelessness",
        person=Person.SELF,
        weak=True,
    ),
    _rule(
        "my_letter",
        "written|wrote|ecrit",
        r"\b(?:(?:written|wrote) my (?:note|letter|last letter)|ecrit ma (?:lettre|note|derniere "
        r"lettre))\b",
        "preparation",
        URGENT,
        weak=True,
    ),
    _rule(
        "not_good_enough",
        "good|assez|jamais|never",
        r"\b(?:(?:never|jamais) (?:be |etre )?(?:good enough|assez bien)|will never be enough)\b",
        "hopelessness",
        weak=True,
    ),
    _rule(
        "nothing_changes",
        "nothing|rien|change",
        r"\b(?:nothing (?:will |is going to )?(?:ever )?change|(?:rien|ca) (?:ne )?changera "
        r"jamais|rien ne change jamais|nothing ever changes)\b",
        "hopelessness",
        negatable=False,
    ),
    _rule(
        "what_is_the_point",
        "point|quoi",
        r"(?:(?:what is the point|a quoi ca sert|a quoi bon)(?: anyway| de toute facon)? \|)",
        "hopelessness",
        negatable=False,
        weak=True,
    ),
    _rule(
        "crossing_my_mind",
        "mind|esprit",
        r"\b(?:ending it|ending my life|ending things|killing myself|suicide|dying|en finir|"
        r"me tuer|"
        r"me suicider|mourir|la mort) (?:" + _G + r"){0,3}(?:crossing|crosses|crossed|on|in) my "
        r"mind|"
        r"(?:en finir|me tuer|me suicider|mourir|la mort|le suicide) (?:\w+ ){0,3}(?:traverse|"
        r"trotte dans) (?:le esprit|la tete)",
        "active_thoughts",
    ),
    _rule(
        "afraid_of_myself",
        "scared|afraid|worried|peur|protect|proteger|safe",
        r"\b(?:(?:scared|afraid|worried|terrified) (?:of )?what i (?:might|could|will|would|am "
        r"going to) do(?: to myself)?|peur de ce que je (?:pourrais|vais|risque de) (?:me )?faire|"
        r"(?:protect|keep) myself (?:safe )?from myself|(?:me )?proteger de moi meme)\b",
        "active_thoughts",
        negatable=False,
    ),
    _rule(
        "no_future_self",
        "see|vois|make it|through",
        r"\b(?:(?:cannot|can not|do not) see myself (?:living|alive|being alive|being here|"
        r"making it)(?! (?:in|with|there|at)\b)|(?:ne )?me vois pas (?:vivre|etre en vie|"
        r"etre la) (?:encore |plus )?(?:longtemps|apres|au dela)|(?:will not|wo not|not going to) "
        r"make it (?:to|until|through|past) (?:my birthday|christmas|the weekend|tomorrow|next "
        r"week|the end of))\b",
        "hopelessness",
        negatable=False,
        timed=True,
    ),
    _rule(
        "heaven",
        "heaven|ciel|haut|autre cote",
        r"\b(?:be with|join|see|rejoindre|retrouver|etre avec) (?:my|ma|mon|mes) (?:\w+ ){1,2}"
        r"(?:in heaven|up there|au ciel|la haut|de le autre cote)\b",
        "wish_to_die",
    ),
    _rule(
        "bought_pills",
        "bought|buying|achete",
        r"\b(?:bought|buying|achete|acheter) (?:a lot of|lots of|loads of|plein de|beaucoup de|"
        r"several boxes of|plusieurs boites de|\d+ boxes of|\d+ boites de|enough) "
        + _PILLS_ANY
        + r"\b",
        "preparation",
        URGENT,
        exclude=r"\b(?:first aid|trousse|pharmacie de la maison|for the family|pour la famille|"
        r"prescription|ordonnance)\b",
    ),
    _rule(
        "looked_up_heights",
        "looked|searched|googled|cherche|recherche",
        r"\b(?:looked up|searched|googled|cherche|recherche) (?:\w+ ){0,3}(?:tallest|highest|"
        r"plus haut|plus haute) (?:bridge|building|pont|immeuble|tour|cliff|falaise) (?:\w+ ){0,2}"
        r"(?:near me|nearby|around here|pres de chez moi|dans le coin|dans ma ville|in my city|"
        r"le plus proche)\b|\b(?:cherche|recherche) (?:\w+ ){0,2}(?:pont|immeuble|tour|falaise) le "
        r"plus (?:haut|haute) (?:\w+ ){0,2}(?:pres de chez moi|dans le coin|dans ma ville)\b",
        "active_thoughts method",
    ),
    _rule(
        "rope_at_home",
        "noose|rope|corde",
        r"\b(?:(?:have|got|ai) (?:a |une )?(?:noose|noeud coulant)|(?:have|got|ai) (?:a |une )?"
        r"(?:rope|corde)(?! (?:a sauter|for|pour|de)\b) (?:in|under|dans|sous) (?:my|mon|ma) "
        r"(?:closet|room|bed|car|placard|chambre|lit|voiture|armoire))\b",
        "method preparation",
        URGENT,
        exclude=_PURPOSE,
    ),
    _rule(
        "pills_and_symptoms",
        "took|taken|swallow|pris|avale|after|apres|many|spinning|tourne|dizzy|woozy|sleepy|drowsy|"
        "feel|sens|vertige|bizarre|vomi|sommeil|vomis|vomi|throwing|puking|being sick|chugged|"
        "drank|downed|bu|heart|coeur|palpitation|breathe|respire",
        r"\b(?:(?:took|taken|swallowed|pris|avale|chugged|drank|downed|bu) (?:\w+ ){0,10}"
        + _PILLS_ANY
        + r" (?:(?:\w+|\|) )"
        r"{0,10}(?:do not know how many|how many(?= \|)|sais pas combien|everything is spinning|"
        r"tout tourne|"
        r"dizzy|woozy|sleepy|drowsy|cannot feel|sens plus|vertiges?|je me sens partir|feel weird|"
        r"bizarre|vomit\w*|vomir|vomis|vomi|throwing up|puking|being sick|getting sleepy|sommeil|"
        r"heart is racing|heart racing|coeur (?:qui )?se emballe|coeur bat (?:trop )?vite|"
        r"palpitations|cannot breathe|respire mal)|"
        r"(?:cannot feel|sens plus|sens pas|dizzy|"
        r"tout tourne) (?:\w+ ){0,3}(?:after|apres) (?:the|my|les|mes) " + _PILLS_ANY + r")\b",
        "attempt",
        URGENT,
        reaches_back=2,
    ),
    _rule(
        "wanted_it_to_hurt",
        "hurt|mal",
        r"\b(?:(?:wanted|want|need|needed) (?:it |myself )?to hurt(?! less)|(?:voulais|veux|besoin "
        r"de|envie de) avoir mal(?! moins))\b",
        "self_harm",
    ),
    _rule(
        "no_one_will_find_me",
        "find|retrouv|trouv",
        r"\b(?:(?:no one|nobody) (?:will|is going to) (?:ever )?find me|personne (?:ne )?me "
        r"(?:retrouvera|trouvera))\b(?! (?:in|here|dans|ici|la)\b)",
        "active_thoughts",
        timed=True,
    ),
    _rule(
        "everything_needed",
        "everything|all|tout",
        r"\b(?:(?:have|got) (?:everything|all) (?:i need|that i need|what i need) to (?:do it|end "
        r"it|kill myself)|(?:ai|j ai) tout ce que (?:il|je) (?:faut|me faut) pour (?:le faire|en "
        r"finir|me tuer))\b",
        "method preparation",
        URGENT,
        negatable=False,
    ),
    _rule(
        "planned_with_means",
        "note|pills|letter|lettre|cachets|rope|corde|gun|medocs|meds",
        r"\b(?:all planned|planned out|tout est prevu|tout prevu|everything is planned|it is "
        r"planned|all worked out|tout organise|tout est organise) (?:(?:\w+|\|) ){0,10}(?:note|"
        r"pills|letter|lettre|cachets|rope|corde|gun|medocs|meds)\b",
        "plan preparation",
        URGENT,
        reaches_back=3,
    ),
    _rule(
        "refuses_rescue",
        "saved|save|rescued|stop|sauve|sauver|arrete|empeche",
        r"\b(?:(?:do not|dont) want (?:to be|anyone to) (?:saved|rescued|stopped|save me|stop me)|"
        r"(?:do not|dont) (?:try to )?(?:save|stop) me|(?:veux|voulez) pas (?:que on|qu on) me "
        r"(?:sauve|sauver|arrete|en empeche)|(?:essayez|essaie) pas de me (?:sauver|retenir|"
        r"arreter))\b",
        "plan",
        URGENT,
        negatable=False,
        exclude=r"\b(?:spoiler\w*|from (?:the|this|that)|de ce|de cette)\b",
    ),
    _rule(
        "do_not_call",
        "call|appel|choice|choix",
        r"\b(?:(?:do not|dont) call (?:anyone|the police|911|999|112|an ambulance|someone|"
        r"anybody)|(?:appelez|appelle|appeler) personne|ne appelez personne)\b",
        "plan",
        URGENT,
        negatable=False,
        weak=True,
    ),
    _rule(
        "my_choice",
        "choice|choix",
        r"\b(?:(?:it is|ce est) my (?:choice|decision)|ce est mon choix|ce est ma decision)\b",
        "plan",
        URGENT,
        negatable=False,
        weak=True,
    ),
    _rule(
        "not_scared_of_dying",
        "scared|afraid|peur",
        r"\b(?:(?:not|no longer) (?:scared|afraid) (?:of|to) (?:dying|death|die)|(?:plus|pas) "
        r"peur de (?:mourir|la mort))\b",
        "wish_to_die",
        negatable=False,
    ),
    _rule(
        "what_if_i_died",
        "what if|et si",
        r"\b(?:what if i (?:\w+ ){0,1}(?:did not|never|do not|would not) wake up|what if i "
        r"(?:just )?died|et si je (?:ne )?me reveillais (?:\w+ ){0,1}(?:pas|plus|jamais)|et si je "
        r"mourais)\b",
        "wish_to_die",
        negatable=False,
    ),
    _rule(
        "jump_thought",
        "jump|saut|jeter",
        r"\b(?:think\w* (?:of|about)|pense a|envie de|want to|wanna|going to|vais|tempted to) "
        r"(?:jumping|jump|sauter|me jeter)(?! (?:in|into|on|onto|dans|sur|au|a la|le pas|de joie|"
        r"en parachute|rope|at|for|up|the gun)\b)",
        "active_thoughts method",
        timed=True,
    ),
    _rule(
        "jump_at_a_place",
        "jump|saut|jeter",
        r"\b" + _PLACES + r" (?:(?:\w+|\|) ){0,8}(?:think\w* (?:of|about)|pense a|envie de|"
        r"want to|wanna|going to|vais|tempted to) (?:jumping|jump|sauter|me jeter)(?! (?:in|into|"
        r"on|onto|dans|sur|au|a la|le pas|de joie|en parachute|rope|for|up)\b)",
        "attempt method",
        URGENT,
        reaches_back=2,
    ),
    _rule(
        "all_of_them",
        "all|tous|toutes|every",
        r"\b(?:took|taken|swallowed|pris|avale) (?:my|mes|the|les) " + _PILLS_ANY + r" (?:\| )?"
        r"(?:all of them|tous|toutes|every (?:single )?one)\b",
        "attempt",
        URGENT,
        reaches_back=1,
    ),
    _rule(
        "no_one_cares",
        "no one|nobody|personne",
        r"\b(?:no one|nobody|personne) (?:\w+ ){0,3}(?:cares?|se en fiche|se en fout|en a rien a "
        r"faire) (?:\w+ ){0,3}(?:if i|whether i|que je) (?:live or die|vive ou (?:que je )?meure|"
        r"die|meure|meurs|vis ou)\b",
        "hopelessness",
        negatable=False,
    ),
    _rule(
        "will_to_live",
        "will|envie|gout|desire|reason|hope|espoir",
        r"\b(?:(?:losing|lost|lose|perds|perdu) (?:the |my |le |la |l )?(?:will|envie|gout|desire|"
        r"reason) (?:to|de|a) (?:live|vivre|la vie)|(?:lost|perdu) (?:all|tout|every|tous) "
        r"(?:hope|espoir)(?! (?:for|pour|in|en|dans)\b))\b",
        "hopelessness",
        negatable=False,
    ),
    _rule(
        "never_happy",
        "never|jamais",
        r"\b(?:(?:never|jamais) (?:going to |gonna )?(?:be |etre )?(?:happy|heureuse?|ok|okay|"
        r"bien))\b",
        "hopelessness",
        negatable=False,
        weak=True,
    ),
    _rule(
        "no_point_trying",
        "point|sert|peine",
        r"\b(?:no point (?:in )?trying|(?:ca )?(?:ne )?sert a rien de essayer|pas la peine de "
        r"essayer)\b",
        "hopelessness",
        negatable=False,
        weak=True,
    ),
    _rule(
        "not_coming_back",
        "coming back|reviendrai|come back|return",
        r"\b(?:(?:not|never) coming back|(?:will not|wo not|never) (?:be )?(?:coming|come) back|"
        r"(?:ne )?reviendrai (?:pas|jamais|plus)|(?:will not|never) return)\b(?! (?:to|a|au|"
        r"dans|in|here|ici)\b)",
        "farewell",
        URGENT,
        negatable=False,
        weak=True,
    ),
    _rule(
        "heading_to_heights",
        "cliff|bridge|falaise|pont|sea|mer|tracks|rails",
        r"\b(?:driving|going|heading|walking|roule|vais|marche|en route) (?:\w+ ){0,1}(?:to|"
        r"towards|vers|a la|au|jusque au|jusqu au) (?:the |les |la |le )?(?:cliffs?|bridge|"
        r"falaises?|pont|sea|mer|tracks|rails|voie ferree)\b",
        "method",
        URGENT,
        weak=True,
        exclude=_SOCIAL,
    ),
    _rule(
        "rope_hanging",
        "rope|noose|corde|noeud",
        r"\b(?:rope|noose|corde|noeud) (?:\w+ ){0,2}(?:hanging|tied|attached|hung|accrochee?|"
        r"attachee?|pendue?|fixee?) (?:from|to|on|au|a la|a le|sur) (?:the |my |le |la |mon |ma )?"
        r"(?:\w+ ){0,2}(?:ceiling|fan|beam|rafter|door|plafond|ventilateur|poutre|porte|"
        r"barre|rail)\b",
        "method preparation",
        URGENT,
        exclude=_PURPOSE,
    ),
    _rule(
        "nice_knowing_you",
        "knowing|connaitre",
        r"\b(?:(?:it has been|it was|been) nice knowing (?:you|y all)|(?:ce etait|ca a ete) "
        r"(?:bien|un plaisir|cool) de (?:vous|te) connaitre)\b",
        "farewell",
        URGENT,
        exclude=_SEE_YOU
        + r"|\b(?:job|boulot|travail|retraite|retirement|good luck|bonne chance|move|"
        r"moving|demenag\w*|new|nouveau|nouvelle)\b",
    ),
    _rule(
        "passwords",
        "password|mot de passe|mots de passe|codes",
        r"\b(?:(?:left|gave|given|sent|laisse|donne|envoye) (?:\w+ ){0,2}(?:my|mes) "
        r"(?:passwords|mots de passe|codes)|(?:my|mes) (?:passwords|mots de passe) (?:\w+ ){0,3}"
        r"(?:to|a) (?:my|ma|mon) \w+)\b",
        "preparation",
        URGENT,
        weak=True,
    ),
    _rule(
        "fine_not_waking",
        "wake|reveill",
        r"\b(?:(?:fine|ok|okay|mind|happy|glad|derangerait pas|serait pas grave|ca irait) (?:\w+ )"
        r"{0,3}(?:if i|si je|de|que je) (?:\w+ ){0,2}(?:did not|never|do not|would not|pas|ne pas|"
        r"plus|ne plus|ne me) ?(?:wake up|me reveiller|me reveillais|reveille))\b(?! (?:early|tot|"
        r"before|avant|at|a|in time|on time|for)\b)",
        "wish_to_die",
        negatable=False,
    ),
    _rule(
        "took_too_much",
        "took|taken|swallowed|had|pris|avale|trop",
        r"\b(?:(?:took|taken|swallowed|had) (?:way )?too (?:much|many)(?! (?:time|food|sugar|"
        r"coffee|photos|pictures|selfies|notes|shots|drinks|classes|days)\b)|(?:en )?ai (?:pris|"
        r"avale) trop(?! de (?:temps|photos|sucre|cafe|notes|cours)\b)|(?:en )?ai trop (?:pris|"
        r"avale)(?! de (?:temps|photos|sucre|cafe)\b))",
        "attempt",
        URGENT,
    ),
    _rule(
        "do_not_deserve_to_live",
        "deserve|merite",
        r"\b(?:(?:do not|dont|does not) deserve to (?:live|be alive|exist|be here)|(?:ne )?merite "
        r"(?:pas|plus) de (?:vivre|exister|etre en vie|etre la))\b",
        "hopelessness",
        negatable=False,
    ),
    _rule(
        "when_all_asleep_fr",
        "ferai|faire|fais",
        r"\b(?:je le ferai|je vais le faire|je le fais) quand (?:tout le monde|ils|elles|mes "
        r"parents|ma famille) (?:dormira|dormiront|sera couchee?|seront couches|partira|"
        r"partiront|sera parti|seront partis)\b",
        "plan",
        URGENT,
        person=Person.SELF,
    ),
    _rule(
        "veins_opened",
        "veines|poignets|veins|wrists",
        r"\b(?:me suis (?:\w+ )?(?:ouvert|ouverte|taillade|tailladee|coupe|coupee) les "
        r"(?:veines|poignets)|(?:slit|slashed|opened|cut open) my (?:wrists?|veins))\b",
        "attempt self_harm",
        URGENT,
    ),
    _rule(
        "end_for_me",
        "end|fin",
        r"\b(?:(?:this|it) is the end (?:for|of) me|ce est la fin (?:pour|de) moi)\b",
        "hopelessness",
    ),
    # --- hopelessness, feeling trapped, a burden
    _rule(
        "burden",
        "burden|fardeau|poids|without me|sans moi|notice|remarquer|miss me|gone|plus la|care|"
        "verrait|regrett|rendrait|remarqu|happier|heureu|easier|simple|better|mieux|plus heureu",
        rf"\b(?:(?:am|was|being|feel like|such|nothing but|only) (?:{_G}{{0,2}})?(?:a )?burden|"
        r"(?:un|une) (?:poids|fardeau)(?! (?:en moins|lourd a porter pour le))|"
        r"(?:better|happier|easier) (?:off )?without me|(?:mieux|plus heureu\w+|plus simple) "
        r"sans moi|(?:happier|better|easier|mieux|plus heureu\w+|plus simple) (?:\w+ ){0,2}"
        r"(?:if i|si je) (?:was|were|etais|ne etais)? ?(?:gone|dead|not here|not around|plus la|"
        r"morte?)|(?:no one|nobody|personne) (?:would|will|ne)? ?(?:even )?(?:notice|care|"
        rf"miss me|remarquerait|verrait|regretterait|se rendrait compte)\w* (?:{_G}{{0,3}})?"
        rf"(?:if i|si je) (?:{_G}{{0,2}})?(?:was gone|were gone|disappeared|died|was dead|"
        r"etais plus la|etais morte?|disparaissais|mourais|ne etais plus la))\b",
        "hopelessness",
    ),
    _rule(
        "no_way_out",
        "way out|issue|sortie|hope|espoir|future|avenir|tunnel|option|solution|point|bon|"
        "better|mieux|jamais|escape|sert",
        r"\b(?:no way out|pas de issue|aucune issue|pas de sortie|no escape|(?:pas|aucune) "
        r"(?:de autre|autre) (?:issue|solution|option|sortie) que (?:la mort|mourir|le suicide|"
        r"de mourir|de en finir)|no (?:other )?(?:way out|option|solution) (?:but|except|other "
        r"than) (?:death|dying|suicide)|"
        r"(?:no|any) hope (?:for me|left)|there is no hope|plus de espoir|aucun espoir|"
        r"(?:cannot|can not|do not) see (?:a|any) future|no future for me|"
        r"(?:ne )?vois (?:aucun|pas de|plus de|pas le|aucune) (?:avenir|issue|le bout du tunnel|"
        r"bout du tunnel)|pas de avenir pour moi|"
        r"(?:only|seule?) (?:option|solution|way out|issue|choice)|"
        r"what is the point (?:of living|in living|of anything|of life|anymore|of going on)|"
        r"a quoi bon (?:vivre|continuer|tout ca|me battre)|"
        r"(?:nothing|it|things|life) (?:will|is going to|is ever going to) (?:ever |never )?"
        r"(?:get|be|feel) better|(?:it|things|life) (?:is|are|will) (?:never|not ever) "
        r"(?:going to )?(?:get|be|feel) better|(?:there is )?no point(?= \|)|"
        r"(?:ca )?(?:ne )?sert a rien (?:de vivre|de continuer|tout ca)|"
        r"rien ne (?:se arrangera|ira mieux|changera) jamais|"
        r"(?:ca )?(?:ne )?ira jamais mieux)\b(?! (?:of this |de ces |dans ces )?"
        r"(?:traffic|jam|bouchons|embouteillage|maze|labyrinthe|game|jeu|level|niveau|meeting|"
        r"reunion|building|parking|queue|file)\b)",
        "hopelessness",
        negatable=False,
    ),
    _rule(
        "cannot_go_on",
        "cannot|can not|peux|plus|vaut|worth|reason|raison|fighting|battre|live|nothing|"
        "could not|tired|no one|no point|stay|continue|life|vie|reason|raison|fighting|arrete|"
        "give up",
        r"\b(?:(?:cannot|can not|could not) (?:do this|take (?:it|this|any ?more)|go on|cope|"
        r"keep going|handle (?:it|this|life))(?: anymore| any more| like this| living)?(?= \||"
        r" anymore| any more| like this| i | because| everything)|"
        r"(?:ne )?en peux plus(?! de (?:ce |cette |ces |mon |ma |mes |le |la |les )(?!vie|"
        r"existence))|(?:ne )?(?:peux|peut) plus (?:continuer|tenir|avancer|supporter)|"
        r"no reason (?:for me )?to (?:be here|live|stay|exist)|aucune raison de (?:etre la|vivre|"
        r"exister|rester)|(?:done|finished) fighting|arrete de me battre|i give up on life|"
        r"(?:nothing|no one|no reason|no point) (?:left )?(?:to|in) (?:live|living|keep going|"
        r"go on|going on|stay|continue)|nothing left to live for|"
        r"(?:ne )?(?:ai )?plus (?:aucune |de )?raisons? de (?:vivre|continuer|rester|me battre)|"
        r"life (?:is )?not worth (?:living|it)|(?:ma vie|my life) (?:ne )?(?:vaut rien|"
        r"is worthless)|(?:la vie )?ne vaut (?:plus |pas )?la peine de etre "
        r"vecue|tired of (?:fighting|trying|struggling)|(?:fatiguee?|marre|lasse?) de me battre|"
        r"plus la force de (?:me battre|continuer|lutter)|(?:je )?(?:ne )?peux plus(?= \|)|"
        r"plus la force(?= \|))\b",
        "hopelessness",
        negatable=False,
    ),
    _rule(
        "hopeless",
        "hopeless|desesp|trapped|piege|coince|stuck|worthless|waste|sers a rien|done with|useless|"
        "inutile|de trop|needs me|besoin de moi|matters|sens|way out|pointless|meaningless|vie|"
        "waste|perte|gachis|dechet",
        rf"\b(?:(?:feel|am|so|completely|totally|sens|suis) (?:{_G}{{0,1}})?(?:hopeless|"
        rf"desesperee?)(?! at)|(?:feel|am|sens|suis) (?:{_G}{{0,1}})?(?:trapped|piegee?|"
        r"coincee?|stuck) (?:(?:\w+|\|) ){0,5}(?:cannot|can not|no way|peux pas|pas de sortie|"
        r"sans issue|no escape|without escape|"
        r"pas de issue|escape|get out|sortir)|waste of (?:space|oxygen|air|life)|(?:suis|"
        r"am) (?:un |une |a )?(?:dechet|dechets)|worthless|"
        r"(?:am|suis) (?:a |une |un )?(?:waste of time|perte de temps|gachis)|"
        r"(?:ne )?sers a rien|(?:feel|am|sens|suis) (?:so |completely |totally |"
        r"tellement )?(?:useless|"
        r"inutile|de trop)|(?:no one|nobody) needs me|personne ne a besoin de moi|"
        r"nothing matters(?: anymore)?|plus rien ne a de sens|rien ne a plus de sens|"
        r"(?:life|my life|everything|it all) (?:is|feels) (?:\w+ )?(?:pointless|meaningless)|"
        r"(?:la vie|ma vie) (?:ne )?a (?:aucun|pas de|plus de|plus aucun) sens|"
        r"(?:cannot|can not|do not) see (?:a|any) way out|(?:am|so) done with (?:life|everything|"
        r"living|it all)|je en ai fini "
        r"avec (?:la vie|tout))\b",
        "hopelessness",
        reaches_back=1,
    ),
    # --- self-harm
    _rule(
        "self_harm_en",
        "cut|burn|hit|hurt|harm|punish|scratch|starv|bang|punch|self|purpose|bleed|carv|mutil|"
        "slash|slic|again|relapse|bled|till|until",
        r"\b(?:(?:cut|cutting|cuts|burn|burning|burned|burnt|hit|hitting|hurt|hurting|harm|"
        r"harming|punish|punishing|scratch|scratching|starve|starving|bang|banging|punch|"
        r"punching|carve|carving|mutilate|mutilating) myself|"
        r"(?:cut|cutting|burn|burning|burned|scratch|scratching|carved|carve|carving|sliced|"
        r"slice|slicing|cut into|carved into|sliced into|slashed|slashing) (?:into )?my "
        r"(?:arms?|wrists?|thighs?|legs?|skin|stomach|hips?|body)|(?:urge|urges|want|need|"
        r"wanting) to (?:cut|burn|hurt|harm)(?! (?:my hair|the|a |this|that|it|down|ties|"
        r"back|off|class)\b)|(?:until|till) (?:they|it|i|my \w+) (?:bleed|bled|bleeds)|on purpose|"
        r"bang my head|hit my head|cut again|cutting again|relapsed (?:and |on |into )?"
        r"(?:cut|cutting|selfharm\w*|self harm\w*))\b",
        "self_harm",
        exclude=_ACCIDENT,
    ),
    _rule(
        "covered_in_cuts",
        "covered|couvert",
        r"\b(?:covered in (?:cuts|scars|burns|bruises)|couvert\w* de (?:coupures|cicatrices|"
        r"brulures|bleus|entailles))\b",
        "self_harm",
    ),
    _rule(
        "self_harm_topic",
        "self|scarif|automutil|auto mutil",
        r"\b(?:self ?harm\w*|self injur\w*|self mutilat\w*|selfharm\w*|scarifi\w*|"
        r"automutil\w*|auto mutil\w*)",
        "self_harm",
        person=Person.TOPIC,
    ),
    _rule(
        "self_harm_fr",
        "coup|brul|frapp|tape|griff|mutil|scarif|mal|priv|punir|puni|sang|saign|expres|"
        "entaill|lacer|recoup",
        rf"\b(?:me (?:suis )?(?:{_G}{{0,1}})?(?:coup\w*|brul\w*|frapp\w*|tape|taper|tapais|"
        r"griff\w*|mutil\w*|scarifi\w*|entaill\w*|lacer\w*|recoup\w*|punis|punir|prive de manger|"
        r"fais du mal|"
        r"faire du mal|fait du mal)|jusque au sang|"
        r"jusqu au sang|"
        r"jusque a saigner|expres)\b(?! (?:les cheveux|le doigt|la frange|les ongles)\b)",
        "self_harm",
        exclude=_ACCIDENT,
    ),
    # --- means at hand, preparation
    _rule(
        "means_at_hand",
        "pill|tablet|med|box|bottle|gun|knife|razor|blade|rope|noose|cachet|compri|pilule|"
        "boite|couteau|lame|flingue|fusil|corde|noeud|arme|bullet|cartouche|somnif|plaquette|"
        "capsul|opioid|heroin|rasoir|cutter|scalpel|cord|balle|revolver|firearm|pistol|rifle|"
        "shotgun|lame|DRUGS",
        rf"\b(?:{_MEANS} (?:{_G}{{0,3}})?(?:is |are |est |sont |sont la )?{_AT_HAND}|"
        rf"(?:{_GUN}|{_BLADE}|{_ROPE}) (?:(?:\w+|\|) ){{0,8}}(?:on my lap|sur mes genoux|"
        r"in my pocket|dans ma poche|next to me|a cote de moi|devant moi|in front of me)|"
        rf"(?:have|got|holding|hold|ai|tiens|je ai) (?:{_G}{{0,7}})?{_MEANS} "
        rf"(?:{_G}{{0,2}})?(?:{_AT_HAND}|here|tied|out)|(?:holding|hold|tiens|serre) "
        rf"(?:{_G}{{0,2}})?{_MEANS}|{_MEANS} (?:{_G}{{0,3}})?(?:is |est )?"
        rf"(?:loaded|charge|chargee|tied|attachee?|pret(?:e|es|s)?|ready))\b",
        "method",
        URGENT,
        exclude=_PURPOSE + r"|\b(?:every (?:evening|morning|night|day)|tous les (?:soirs|"
        r"matins|jours)|prescribed|ordonnance|pharmac\w*|doctor|medecin)\b",
    ),
    _rule(
        "found_gun",
        "gun|bullet|fusil|flingue|cartouche|arme|pistol|rifle|ammo",
        rf"\b(?:found|have access to|know where|trouve|sais ou) (?:{_G}{{0,4}})?{_GUN}\b.*"
        r"\b(?:bullets|ammo|cartouches|balles|loaded|charge)\b",
        "method",
        URGENT,
        exclude=_PURPOSE,
    ),
    _rule(
        "bought_means",
        "bought|buy|acquired|achete|rope|corde|gun|flingue|charcoal|charbon|noose|pistol|"
        "rifle|helium|razor|lame|purchas|order|command|got",
        rf"\b(?:bought|buy|got|purchased|ordered|achete|commande) (?:{_G}{{0,2}})?"
        r"(?:a |an |une |un |some |du |de le |des )?(?:rope|noose|gun|pistol|rifle|flingue|"
        r"pistolet|fusil|corde|noeud coulant|charcoal|charbon|razor blades|lames de rasoir|"
        r"helium)\b(?! (?:safe|case|cabinet|licen[cs]e|show|range|lock|holster)\b)",
        "method preparation",
        URGENT,
        exclude=_PURPOSE,
    ),
    _rule(
        "prepared_means",
        "noose|rope|corde|noeud|tape|sealed|scotch|calfeutr",
        r"\b(?:(?:corde|noeud|rope|noose) (?:\w+ ){0,1}autour (?:du|de mon) cou|"
        rf"(?:prepared|tied|made|ready|prepare|fait) (?:{_G}{{0,2}})?(?:noose|rope|"
        rf"noeud coulant|corde|noeud)|(?:noose|rope|corde|noeud coulant) (?:{_G}{{0,2}})?"
        r"(?:is |est )?(?:ready|tied|prete|attachee|pret)|taped up the (?:windows|doors|vents)|"
        r"sealed (?:the|my) (?:room|windows|door)|calfeutre\w*|scotche les fenetres)\b",
        "method preparation",
        URGENT,
        exclude=_PURPOSE,
    ),
    _rule(
        "stockpile",
        "stock|sav|hoard|stash|cote|garde|accumul|collect|DRUGS|collection|amasse|saving|saved|"
        "keeping",
        rf"\b(?:stockpil\w*|stocking up|saving up|saved up|saving|saved|keeping|hoarding|"
        rf"hoarded|stash\w*|"
        rf"collecting|collectionne|amasse|stocke\w*|mis de cote|met de cote|garde|"
        rf"accumule\w*) (?:{_G}{{0,3}})?"
        rf"(?:{_PILLS_EN}|{_PILLS_FR})\b",
        "preparation",
        URGENT,
    ),
    _rule(
        "letters",
        "letter|note|lettre|mots|will|testament|affairs|ordre|accounts|comptes|mot|video|message|"
        "post|video|message|post|updated|changed|mis|refait",
        r"\b(?:(?:suicide|goodbye|farewell) (?:note|letter|message|video|post)s?|"
        r"(?:video|message|post) de adieu|"
        r"lettres? de adieu|mots? de adieu|letters (?:to|for) (?:my|everyone)|"
        r"notes? for (?:everyone|my family|my parents|my kids|my children)|"
        r"lettres (?:a|pour) (?:ma|mes|tout|tous|toutes|ceux|celles)|"
        r"letters (?:to|for) (?:everyone|all|the people|those)|(?:left|leaving|laisse|laisser) (?:"
        + _G
        + r"{0,3})?"
        r"(?:a |une |un )?(?:letter|note|lettre|mot) (?:for|to|pour|a) (?:my|ma|mon|mes) "
        r"(?:family|parents|mom|mum|dad|sister|brother|kids|children|wife|husband|partner|"
        r"famille|mere|pere|soeur|frere|enfants|femme|mari)|(?:laisse|left) (?:des |some )?(?:mots|"
        r"notes) "
        r"(?:a|pour|for) (?:tout|everyone|ma|my)|(?:made|wrote|written|updated|changed|fait|ecrit|"
        r"redige|mis a jour|refait) "
        rf"(?:{_G}{{0,1}})?(?:will|testament)|(?:put|putting) my affairs in order|"
        r"(?:tout|mes affaires) (?:mis|mises|mettre) en ordre|mis (?:de le |mes affaires )?"
        r"ordre dans mes affaires|(?:mis|mettre|remis) de l ordre dans mes affaires|(?:deleted|"
        r"supprime) (?:all|tous) (?:my|mes) (?:accounts|"
        r"comptes))\b",
        "preparation",
        URGENT,
        exclude=r"\b(?:collegue|colleague|coworker|retraite|retirement|qui part|who is leaving|"
        r"lawyer|notaire|notary|solicitor|avocat|estate|twitter|"
        r"instagram|insta|facebook|tiktok|reddit|discord|social media|reseaux sociaux)\b",
    ),
    _rule(
        "giving_away",
        "need|besoin|gave|give|donne|giv",
        r"\b(?:(?:will not|do not|would not|never) (?:be )?need(?:ing)? (?:them|it|this|these|"
        r"those|"
        r"anything|"
        r"my \w+)(?: anymore| any more| again| where i am going|(?= \|))|(?:ne )?en aurai (?:plus|"
        r"pas) "
        r"besoin|(?:gave|given|giving) away (?:all )?(?:my|everything) (?:things|stuff|"
        r"belongings|possessions|everything)|donne toutes mes affaires)\b",
        "preparation",
        URGENT,
        negatable=False,
        exclude=r"\b(?:charity|association|sold|vendu|moving|demenag\w*|spain|espagne)\b",
    ),
    _rule(
        "gave_to",
        "gave|given|giving|donne|confie|deleted|delete|tout|supprime|distribue",
        r"\b(?:gave|given|giving|donne|confie) (?:away )?(?:my|mon|ma|mes) (?:\w+ ){0,1}"
        r"(?:dog|cat|pets?|guitar|things|stuff|clothes|books|chien|chat|chats|guitare|affaires|"
        r"livres|vetements|bijoux|jewellery|jewelry|console) (?:to|a|away)\b|"
        r"(?:gave|given|giving) (?:away )?(?:my|all my) (?:stuff|things|belongings) away|"
        r"(?:donne|distribue) (?:toutes )?mes affaires\b|(?:deleted|delete) (?:everything|all "
        r"my (?:accounts|photos|messages))|tout supprime|supprime tous mes (?:comptes|messages)",
        "preparation",
        URGENT,
        weak=True,
        exclude=r"\b(?:charity|association|holiday|vacances|while|pendant|sold|vendu|week)\b",
    ),
    # --- attempt under way or just made
    _rule(
        "overdose_taken_en",
        "took|taken|swallow|ate|downed|overdos|drank|cabinet|popped|had|DRUGS|injected",
        rf"\b(?:took|taken|swallowed|swallow|ate|downed|popped|had|injected) (?:{_G}{{0,2}})?"
        rf"{_QTY_EN} "
        rf"(?:{_G}{{0,4}})?{_PILLS_EN}\b|\b(?:took|taken|swallowed) (?:my |the )?"
        rf"(?:whole|entire) (?:{_G}{{0,1}})?{_PILLS_EN}\b|\b(?:took|taken|swallowed) "
        r"everything in (?:the|my) (?:medicine |bathroom )?(?:cabinet|drawer)\b|"
        r"\b(?:took|taken|had) an overdose\b|\boverdosed\b(?! on (?!(?:pills|meds|my|"
        r"paracetamol|tylenol|sleeping|insulin|heroin|drugs|antidepressants)))|"
        rf"\b(?:already|now) (?:took|taken|swallowed) (?:the |my |them|it)(?:{_PILLS_EN})?|"
        r"\bdrank (?:bleach|antifreeze|poison|weed killer|pesticide)\b",
        "attempt",
        URGENT,
    ),
    _rule(
        "overdose_taken_fr",
        "pris|aval|bu|overdose|surdose|prendre|vide| od|DRUGS|tout|inject",
        rf"\b(?:pris|avale|avaler|prendre|bu|vide|injecte|injecter) (?:{_G}{{0,1}})?{_QTY_FR} "
        rf"(?:{_G}{{0,3}})?"
        rf"{_PILLS_FR}\b|\b(?:avale|pris) (?:{_G}{{0,1}})?{_PILLS_FR} (?:entiere?s?|en entier)|"
        rf"\b(?:deja|viens de) (?:{_G}{{0,1}})?(?:pris|avale|prendre|avaler) "
        rf"(?:{_G}{{0,2}})?{_PILLS_FR}|"
        r"\b(?:fait|fais) une (?:overdose|surdose|od)\b|\b(?:pris|avale) tout ce (?:que|qui) "
        r"(?:\w+ ){0,6}(?:armoire a pharmacie|pharmacie|boite a pharmacie|placard)\b|\b(?:bu|"
        r"avale) (?:de la |du |de le )?"
        r"(?:javel|poison|antigel|destop|desherbant)\b",
        "attempt",
        URGENT,
    ),
    _rule(
        "tried_recently",
        "tried|attempt|tent|essaye|ts",
        rf"\b(?:tried to (?:{_KILL_SELF_EN}|end my life|die)|attempted suicide|suicide attempt|"
        r"(?:essaye|tente) de (?:me tuer|me suicider|me pendre|mettre fin a mes jours|en finir|"
        r"me noyer|me jeter)|tentative de suicide|fait une ts)\b",
        "attempt",
        timed=True,
    ),
    _rule(
        "bleeding",
        "bleed|blood|sang|saign|deep|profond|saigne",
        r"\b(?:cut (?:too |very |really )?deep|cut deeper|cutting (?:\w+ )?deep(?:er)?|"
        r"won ?t stop bleeding|will not stop "
        r"bleeding|bleeding (?:a lot|badly|everywhere|heavily)|blood everywhere|lots of blood|"
        r"blood all over|"
        r"coupee? (?:trop |tres )?profond|saigne (?:beaucoup|enormement|partout|trop)|"
        r"sang partout|arrete pas de saigner|arrive pas a arreter le sang|"
        r"(?:bleeding|saigne) (?:from|du|de la|des|de le) (?:my )?(?:wrists?|arms?|thighs?|neck|"
        r"poignets?|bras|cuisses?|cou)|"
        rf"(?:the|this) cut is (?:{_G}{{0,1}})?deep)\b",
        "attempt self_harm",
        URGENT,
        exclude=r"\b(?:nose|gums|period|regles|nez|finger|doigt|knee|genou)\b",
    ),
    _rule(
        "in_progress",
        "right now|en train|as we speak|cutting",
        r"\b(?:(?:cutting|burning|hurting|killing) (?:myself )?(?:right now|as we speak)|"
        r"en train de me (?:couper|scarifier|bruler|tuer|pendre|vider))\b",
        "attempt self_harm",
        URGENT,
        person=Person.SELF,
    ),
    _rule(
        "on_the_edge",
        "bridge|roof|ledge|edge|cliff|balcony|tracks|rails|pont|toit|rebord|falaise|balcon|"
        "overpass|tower|parapet|voie|viaduc|fenetre|railing|toi",
        rf"\b(?:i am|je suis|je me tiens|standing|sitting|assise?) (?:{_G}{{0,1}})?"
        rf"(?:on|at|sur|au bord de|on the edge of|at the edge of|au bord du|au dessus du) "
        rf"(?:the |a |le |la |les |l |the edge of the |the edge of )?(?:train |railway |"
        rf"metro )?{_HEIGHT}\b"
        r"(?! (?:terrace|terrasse|bar|garden|jardin)\b)",
        "attempt method",
        URGENT,
        exclude=_SOCIAL,
    ),
    _rule(
        "up_high",
        "top|haut|sommet|etage",
        r"\b(?:i am|je suis|standing|sitting|assise?) (?:at the top of|on top of|on the top "
        r"floor of|en haut du|en haut de la|en haut de le|en haut de|au sommet du|au sommet de|"
        r"au dernier etage du|au dernier etage de) (?:the |a |le |la |l )?(?:\w+ ){0,2}"
        r"(?:car park|parking|building|tower|immeuble|tour|bridge|pont|cliff|falaise|roof|toit|"
        r"block|barre|residence|hotel|mall)\b",
        "attempt method",
        URGENT,
        exclude=_SOCIAL + r"|\b(?:family|famille|visit\w*|tourist\w*|touriste\w*|selfie|eiffel)\b",
    ),
    _rule(
        "railing",
        "railing|rambarde|parapet|barriere|garde|legs|jambes",
        r"\b(?:(?:on|sur) (?:the |la |le )?(?:railing|rambarde|parapet|barriere|garde corps) (?:of "
        r"the |du |de la |de le )?(?:bridge|pont|roof|toit|balcony|balcon)|(?:legs|feet) (?:over|"
        r"dangling over) the (?:side|edge)|(?:jambes|pieds) dans le vide)\b",
        "attempt method",
        URGENT,
        exclude=r"\b(?:paint\w*|repeint\w*|needs|doit etre|fix\w*|repar\w*)\b",
    ),
    _rule(
        "blade_on_body",
        "knife|blade|razor|couteau|lame|rasoir|cutter",
        rf"\b{_BLADE} (?:\w+ ){{0,2}}(?:to|on|against|sur|contre) (?:my|mon|ma) (?:wrists?|arms?|"
        r"throat|neck|skin|poignets?|bras|gorge|cou|peau)\b",
        "method",
        URGENT,
    ),
    _rule(
        "platform_edge",
        "edge|bord",
        r"\b(?:edge of the (?:platform|tracks|rails|roof|bridge)|bord du quai|bord des rails|"
        r"bord de la voie|bord du toit|bord du pont)\b",
        "attempt method",
        URGENT,
    ),
    _rule(
        "blade_in_bath",
        "bath|baignoire|bain|bathroom|salle",
        rf"\b{_BLADE}\b(?: (?:\w+|\|)){{0,8}} (?:in the bath|in the bathtub|dans la baignoire|"
        rf"dans le bain|in the bathroom|dans la salle de bain)\b|\b(?:in the bath|in the bathtub|"
        rf"dans la baignoire|dans le bain)"
        rf"(?: \w+){{0,8}} {_BLADE}\b",
        "method",
        URGENT,
    ),
    _rule(
        "survived_jump",
        "alive|vivant|vie",
        r"\b(?:jumped|saute) (?:(?:\w+|\|) ){0,6}(?:still alive|toujours (?:vivante?|en vie))\b",
        "attempt",
        URGENT,
        negatable=False,
        reaches_back=1,
    ),
    _rule(
        "exhaust",
        "exhaust|echappement",
        rf"\b(?:hose|pipe|tube|tuyau) (?:{_G}{{0,4}})?(?:exhaust|pot de echappement|"
        r"echappement)\b",
        "attempt method",
        URGENT,
    ),
    _rule(
        "car_running",
        "garage|exhaust|pot|car|voiture",
        rf"\b(?:car|engine|moteur|voiture) (?:is )?(?:running|tourne) (?:{_G}{{0,2}})?"
        r"(?:in|dans) (?:the|le) garage\b|\b(?:car|voiture) (?:\w+ ){0,4}garage (?:\w+ ){0,4}"
        r"(?:engine|moteur) (?:\w+ )?(?:on|running|allume|tourne|qui tourne)\b",
        "attempt method",
        URGENT,
        exclude=r"\b(?:door open|porte ouverte|warming|chauffer)\b",
    ),
    # --- farewells
    _rule(
        "last_message",
        "last|final|dernier|goodbye|revoir|adieu",
        r"\b(?:this is|here is|ce est|voici) (?:my|mon) (?:goodbye|au revoir|adieu)\b|"
        r"\b(?:this is|here is|ce est|voici) (?:my|mon) (?:last|final|dernier) (?:message|"
        r"text|post|mot|words)\b|\b(?:(?:the|my|la|ma) (?:last|final|derniere) (?:time|fois) "
        r"(?:we will|we ll|we talk|we speak|you will|you hear|i talk|i write|que on se parle|"
        r"que je vous parle|que je te parle|que vous me|que on se voit|que tu me)\b)|"
        r"(?:it is|ce est) la derniere fois que on se parle|derniere fois que (?:vous|tu|on) "
        r"(?:\w+ ){0,4}(?:nouvelles|parle|parler|voit|vois|lis|lirez|entendrez)",
        "farewell",
        URGENT,
        person=Person.SELF,
        exclude=_SEE_YOU,
    ),
    _rule(
        "goodbye_forever",
        "goodbye|bye|adieu|farewell|hear from|again|reverra|around|longer|anymore|tomorrow|"
        "christmas|birthday|holidays|serai|parler|gone|parti|lirez|liras|read|reads|finds|find|"
        "for good|toujours|de bon|nouvelles|news|loved|aimais|revoir|adieux|lit|lisez|lis|"
        "trouv",
        r"\b(?:bye (?:everyone|everybody|all of you|forever)|goodbye (?:everyone|everybody|all|"
        r"world|forever|for good|cruel world|my "
        r"friends|the world|to all)|if (?:you|u) do not hear from me|si (?:vous|tu) (?:ne )?"
        r"(?:avez|as|aurez|auras) (?:pas|plus) de (?:nouvelles|news)|know that i loved you|"
        r"sachez que je vous aimais|sache que je te aimais|je vous aimais|i loved you all|"
        # The look-behinds follow "adieu" so that they are only tried where it is.
        r"adieu(?<!carte de adieu)(?<!pot de adieu)(?<!fete de adieu)(?<!cadeau de adieu)"
        r"(?<!soiree de adieu)(?<!repas de adieu)(?<!video de adieu)(?<!message de adieu)"
        r"(?<!dire adieu)(?<!dis adieu)(?<!dit adieu) "
        r"(?!a (?:mon|ma|mes|ce|cet|cette|la|le|l|son|sa|ses|"
        r"notre|nos) (?!vie\b))|bye forever|this is goodbye|ce est un adieu|adieu (?:a tous|"
        r"a toutes|tout le "
        r"monde|mes amis|les amis|la vie)|farewell(?! (?:party|drink|dinner|gift|card|tour|"
        r"speech|lunch)\b)|(?:will not|never) (?:hear from me|see me) again|"
        r"(?:will not|never) see (?:you|any of you) again|"
        r"(?:will not|wo not|not going to) be (?:around|here|alive) (?:much longer|for long|"
        r"anymore|tomorrow|for (?:christmas|my birthday|new year|the holidays|long))|"
        r"entendrez plus parler de moi|entendras plus parler de moi|"
        r"(?:ne )?(?:se )?reverra (?:pas|plus|jamais)|"
        r"(?:ne )?serai (?:bientot )?plus (?:la|en vie)(?: tres longtemps| longtemps| demain| "
        r"bientot)?|(?:saying|say|said) goodbye to (?:everyone|everybody|you all|all of you)|"
        r"(?:dis|dire|fais|faire) (?:au revoir|mes adieux) a (?:tout le monde|tous|vous tous)|"
        r"by the time you read this|quand (?:vous lirez|tu liras) (?:ce|ca|ceci|cela)|"
        r"before i go for good|avant de partir pour (?:toujours|de bon)|said my goodbyes|"
        r"(?:ai )?fait mes adieux(?! a (?:mes|ma|mon) (?:collegues?|classe|profs?|equipe))|"
        r"when i am gone|quand je serai (?:plus la|partie?|morte?)|i will be gone (?:by|before|"
        r"tomorrow|tonight|soon)|if (?:anyone|someone|you) (?:reads|read|finds|find) this|"
        r"si (?:quelqu un|vous|tu) (?:lit|lisez|lis|trouve|trouvez) (?:ca|ce message|ceci))\b",
        "farewell",
        URGENT,
        person=Person.ANY,
        negatable=False,
        exclude=_SEE_YOU,
    ),
    _rule(
        "goodbye_alone",
        "goodbye",
        r"(?:\| (?:goodbye|good bye)(?: everyone| all)? \|)",
        "farewell",
        URGENT,
        person=Person.SELF,
        weak=True,
        exclude=_SEE_YOU,
    ),
    _rule(
        "adieu_alone",
        "adieu",
        r"(?:\| (?:pardon pour tout |je vous aime )?adieu(?: a tous)? \|)",
        "farewell",
        URGENT,
        person=Person.SELF,
        exclude=_SEE_YOU + r"|\b(?:dis adieu|dire adieu|said goodbye to (?:my|the|our))\b",
    ),
    _rule(
        "sorry_for_everything",
        "sorry|pardon|desole|merci|thank|love you|aime|revoir|goodbye|adieux|said everything|"
        "dit tout|being my friend|avoir ete|ready|pret|in order|en ordre|blame|veux|voulez|fault|"
        "faute|mom|mum|dad|maman|papa|mama|love|aime",
        r"\b(?:sorry for everything|pardon pour tout|desolee? pour tout|thank you for everything|"
        r"merci pour tout|thank you for trying|merci de avoir essaye|i love you all|love you all|"
        r"je vous "
        r"aime tous|je vous aime toutes|said (?:my )?goodbyes|said goodbye to everyone|dit au "
        r"revoir a tout le monde|fait mes adieux|sorry i was (?:such )?a burden|desolee? de "
        r"avoir ete un (?:poids|fardeau)|said everything i (?:needed|wanted|had) to say|"
        r"dit tout ce que je (?:avais|voulais) (?:a )?dire|thank you for being my friend|"
        r"merci de avoir ete (?:mon amie?|la|mon pote)|everything is ready|tout est pret|"
        r"everything is in order|tout est en ordre|i am ready to go|je suis prete? a partir|"
        r"(?:sorry|pardon|desolee?) (?:mom|mum|dad|maman|papa|"
        r"mama)|i love you (?:mom|mum|dad)|je te aime (?:maman|papa))\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        weak=True,
        exclude=_SEE_YOU,
    ),
    _rule(
        "do_not_blame_yourself",
        "blame|veux|voulez|fault|faute",
        r"\b(?:(?:do not|dont) blame yourself|(?:ne )?(?:te|vous) en (?:veux|voulez) pas|it is not "
        r"your fault|ce est pas (?:ta|votre) faute)\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
    ),
    _rule(
        "look_after_for_me",
        "care|look after|soin|occupe|tell my|dites|dis a|feed|tell",
        r"\b(?:(?:take care of|look after|feed|prenez soin de|prends soin de|occupe te de|"
        r"occupez vous de|occupe vous de|te occuper de|vous occuper de|occuper de) (?:my|mon|ma|"
        r"mes) "
        rf"(?:{_G}{{0,1}})?(?:cat|dog|pets?|kids|children|plants|mom|mum|family|chat|chien|chats|"
        rf"chiens|enfants|plantes|maman|mere|famille|hamster|rabbit|lapin) (?:{_G}{{0,2}})?"
        r"(?:for me|pour moi|when i am gone|after i am gone|quand je serai (?:plus la|partie?)|"
        r"apres moi|once i am gone)|(?:tell|dites a|dis a) (?:my|ma|mon|mes) (?:\w+ ){1,2}"
        r"(?:that )?(?:i love|que je (?:l|les|te) aime)|(?:tell|dites a|dis a) (?:everyone|"
        r"everybody|all|tout le monde|tous|(?:my|ma|mon|mes) (?:\w+ )?\w+) (?:that )?(?:que )?"
        r"(?:i am sorry|i am so sorry|je suis desolee?|je suis vraiment desolee?))\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        exclude=_SEE_YOU,
    ),
    # --- danger from someone else
    _rule(
        "danger_self_report",
        "danger|safe|securite",
        r"\b(?:(?:i am|je suis|suis) (?:in danger|en danger)|(?:i am|i feel) not safe|"
        r"(?:do not|no longer) feel safe|(?:ne )?(?:suis|sens) pas en securite|"
        r"(?:ne )?me sens pas en securite)\b",
        "danger",
        negatable=False,
    ),
    _rule(
        "violence_against_me",
        "hit|hurt|beat|strangl|chok|punch|kick|slap|rape|threat|lock|follow|stalk|kill|frapp|bat|"
        "suit|suiv|menac|viol|etrangl|enferm|tue|touch|abus|molest|tripot|agress|break|broke|"
        "defonc|force|entr|rentr|use|shoot|servir|tirer|trying|tries|tried|essaie|fasse|fait|"
        "faire|allait|va|voulait|porte|door",
        r"\b(?:(?:hits|hit|beats|beat|beating|hurts|strangled|strangles|choked|chokes|punched|"
        r"punches|kicked|kicks|slapped|slaps|raped|rapes|threatened|threatens|is threatening|"
        r"locked|locks|following|follows|stalking|stalks) me|threatened to kill me|"
        r"(?:said|says) (?:he|she|they) (?:would|will|is going to|ll) (?:kill|hurt) (?:me|us)|"
        r"(?:he|she|they|il|elle|ils) (?:is |are )?(?:going to|gonna|will|va|vont|veut) "
        r"(?:kill me|hurt me|beat me|kill us|kill us all|kill all of us|me tuer|me frapper|"
        r"me faire du mal|nous tuer|tous nous tuer)|"
        r"(?:will|would|going to) (?:kill|hurt) me|"
        r"me (?:frappe|frappent|bat|battait|battent|suit|suivent|menace|menacent|viole|enferme|"
        r"etrangle|a etranglee?|a frappee?|a menacee?|a violee?|a enfermee?|tuerait|tuera)|"
        r"menace de me tuer|(?:allait|va|voulait) me tuer|me (?:fasse|fait|faire) du mal|"
        r"use (?:it|the gun|a gun|the knife|a knife) (?:on|against) (?:me|us)|shoot me|"
        r"(?:hits|beats|hit|beat|frappe|bat|battait|frappait) (?:my|ma|mon|mes) \w+ (?:and|et) "
        r"(?:me|moi)|"
        r"(?:touches|touched|touching|abuses|abused|molests|molested) me|me (?:touche|tripote|"
        r"touchait|agresse)|(?:trying|tries|tried) to (?:get|break) in(?:to)? (?:my|the|our)|"
        r"essaie de (?:entrer|rentrer) (?:chez|dans)|"
        r"(?:en )?servirait contre (?:moi|nous)|tirer sur (?:moi|nous)|"
        r"me a (?:encore |deja |souvent |toujours )?(?:frappee?|etranglee?|enfermee?|menacee?|"
        r"violee?|battue?)|"
        r"(?:breaking|broke|broken) (?:down |into )?(?:the |my )?(?:door|house|apartment|flat|"
        r"room|place)|(?:entr|rentr)\w* de force|"
        r"defonce\w* (?:la )?porte)\b",
        "danger",
        person=Person.OTHER,
        exclude=r"\b(?:if|si|when|quand|lorsque|once) (?:\w+ ){1,3}(?:sees|saw|voit|voyait|voient|"
        r"verra|will see|finds|found|apprend|"
        r"apprenait|knows|knew|sait|savait|catches|caught|trouve|trouvait|decouvre)\b|"
        r"\b(?:fortnite|game|jeu|video|match|boss|level|niveau|blague|jokes?|chess|echecs|cards|"
        r"cartes|tennis|poker|scrabble|monopoly|beat me at|pillow|oreiller)\b",
    ),
    _rule(
        "armed_at_door",
        "knife|gun|couteau|flingue|arme|door|porte|outside|devant|house|maison|window|fenetre|"
        "work|travail|pistolet",
        r"\b(?:(?:is|est) (?:outside|devant|at|a) (?:my|ma|the|la) (?:door|porte|house|maison|"
        r"window|fenetre|work|travail)|with a (?:knife|gun)|avec un (?:couteau|flingue|fusil|"
        r"pistolet)|avec une arme)\b",
        "danger",
        person=Person.OTHER,
    ),
    # --- about someone else: a concern for a peer to hear, not the writer's own risk
    _rule(
        "third_person_suicide",
        "himself|herself|themsel|tuer|tue|suicid|pendr|pendu|scarif|mal|mutil|jeter|coup|brul|"
        "griff|frapp|life|jours|vie|overdose|od|ts|essaye|tente|die|mourir|finir|disparaitre|dead|"
        "mort|killing",
        rf"\b(?:(?:kill|killing|kills|killed|hurt|hurts|hurting|harm|harms|harming|cut|cuts|"
        rf"cutting|"
        rf"burns|burning|unalive) "
        rf"{_THIRD_SELF}|se (?:tuer|tue|suicider|suicide|pendre|scarifie|scarifier|fait du mal|"
        r"coupe|coupait|brule|griffe|frappe|mutile|"
        r"faire du mal|mutile|jeter)|s est (?:suicidee?|tuee?|pendue?)|"
        r"(?:end|ending|take|taking) (?:his|her|their) (?:own )?life|mettre fin a (?:ses|leurs) "
        r"jours|mettre fin a (?:sa|leur) vie|(?:tried|attempted) to (?:overdose|od|kill (?:him|"
        r"her|them)sel\w*|end (?:his|her|their) life)|a (?:essaye|tente) de (?:faire une "
        r"(?:overdose|od|ts)|se tuer|se suicider|mettre fin a ses jours)|"
        r"(?:wants?|wanted|wanting|"
        r"wishes) to die|(?:veut|"
        r"voulait|veulent|allait|va|vont) (?:mourir|"
        r"en finir|disparaitre)|(?:he|she|they) (?:would|will|is|are|was) (?:{g}{{0,1}})?"
        r"better off dead|serait (?:{g}{{0,1}})?mieux (?:mort|morte)|"
        r"(?:talking|talks|talked|parle|parlent|parlait) (?:about |of |de |du )?(?:suicide|"
        r"killing (?:himself|herself|themselves)|le suicide))\b".format(g=_G),
        "third_person",
        person=Person.THIRD,
    ),
)

TIME = _TIME


def _stems() -> dict[str, frozenset[int]]:
    """Each key word's first word → the rules it opens. A message's words are looked up by
    their prefixes, so finding which rules to try costs a few dictionary lookups per word."""
    stems: dict[str, set[int]] = {}
    for index, rule in enumerate(RULES):
        for key in rule.keys:
            stems.setdefault(key.split()[0], set()).add(index)
    return {stem: frozenset(rules) for stem, rules in stems.items()}


STEMS = _stems()
STEM_LENGTHS = tuple(sorted({len(stem) for stem in STEMS}))
# When the writer is in danger and the danger is now.
IMMEDIATE = re.compile(
    r"\b(?:right now|now|outside (?:my|the) (?:door|house|window|room)|at (?:my|the) door|"
    r"devant (?:ma|la) porte|en ce moment|"
    r"breaking|defonce\w*|en train de|coming|arrive|revient|with a (?:knife|gun)|"
    r"avec un (?:couteau|flingue|fusil)|locked me|enfermee?|tonight|ce soir|following me|"
    r"hiding|cachee?|screaming|hurle|broke into|de force|banging|pounding|tape sur la porte|"
    r"tambourine|crie|cries|yelling|trying to get in\w*|essaie de (?:entrer|rentrer)|"
    r"me suit|please help|aidez moi|help me)\b"
)
RECOVERED = re.compile(
    r"^ (?:.*\b(?:je ai arrete|i stopped|i quit|i have been clean|been clean|je suis clean|"
    r"ne le fais plus|do not do it anymore)\b|plus maintenant|not anymore|not any more|no more|"
    r"not now|plus du tout|"
    r"that is over|ce est fini maintenant)\b"
)
