"""The vocabulary the risk rules share: ``Rule`` and ``Person``, word lists (medicines, means,
places, times), the markers of reported or past speech, the idioms, and ``rule_of`` that
builds a rule. The rules themselves are in ``risk_rules_*.py``, one file per family of signs;
``risk_rules`` gathers them and tells what a rule's fields mean.
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
G = r"(?:(?!(?:not|never|no|pas|plus|jamais|ne|aucun|aucune|rien|nothing)\b)\w+ )"
ME_EN = r"(?:myself|my self)"
SUBJ_EN = r"(?:i|i am|i will|i would|i have|i have been|i was)"
# Medicines often named in overdoses, by brand or molecule, in France and English-speaking
# countries: "j'ai pris toute ma plaquette de xanax", "swallowed 40 of my seroquel".
DRUGS = (
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
DRUG_KEYS = tuple(re.findall(r"[a-z]{4,}", DRUGS))
PILLS_EN = (
    r"(?:pills?|tablets?|meds|medications?|medicines?|sleeping pills|painkillers|"
    r"paracetamol|tylenol|acetaminophen|ibuprofen|aspirin|antidepressants?|insulin|"
    r"prescription|bottles?|box(?:es)?|packets?|packs?|capsules?|opioids?|oxy\w*|heroin|"
    + DRUGS
    + ")"
)
PILLS_FR = (
    r"(?:cachets?|comprimes?|pilules?|medicaments?|medocs|somniferes?|anxiolytiques?|"
    r"antidepresseurs?|doliprane\w*|paracetamol|efferalgan|dafalgan|lexomil|xanax|"
    r"boites?|plaquettes?|flacons?|tubes?|insuline|" + DRUGS + ")"
)
QTY_EN = (
    r"(?:a whole|a full|an entire|a strip of|a box of|a packet of|a bottle of|a pack of|"
    r"a blister of|strip of|all|all of|all the|whole|entire|a bunch of|a lot of|lots of|too many|"
    r"loads of|"
    r"everything|the rest of|a handful of|half|(?:[5-9]|[1-9]\d+)|five|six|seven|eight|nine|"
    r"ten|twelve|fifteen|twenty|thirty|forty|fifty|a hundred|hundred)"
)
QTY_FR = (
    r"(?:tous|toutes|tout|toute|une boite|la boite|une plaquette|la plaquette|trop de|"
    r"beaucoup de|un paquet de|une tonne de|enormement de|"
    r"plein de|un tas de|une poignee de|la moitie|(?:[5-9]|[1-9]\d+)|cinq|six|sept|huit|neuf|"
    r"dix|douze|quinze|vingt|trente|quarante|cinquante|cent)"
)
# "une vingtaine de cachets": a round number of pills, French style.
ABOUT_FR = (
    r"(?:une )?(?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|"
    r"centaine) de"
)
# A box, a bottle or a handful of something that is not a medicine ("toute la boîte de
# chocolats", "every vitamin in the bottle"), or a dose taken by mistake.
NOT_MEDICINE = (
    r"\b(?:(?:boite|box|bottle|bouteille|packet|pack|paquet|sachet|tube|bag|jar|pot) "
    r"(?:de|of) (?:chocolat\w*|bonbons?|biscuits?|gateaux|cookies?|sweets|candy|chips|crisps|"
    r"cereal\w*|cereales|haribo|macarons?|glace|ice cream|water|eau|soda|coca|jus|juice|"
    r"pringles|smarties|m ms?|nuggets|pizza|tic tacs?|tictacs?|chewing gum|gum)|vitamin\w*|"
    r"by accident|accidentally|par accident|par erreur|by mistake)\b"
)
# What a wish for "it to stop for good" is about when it is not one's life: the weather, a
# noise, a queue ("tired of this rain, i want it to stop for good").
NUISANCE = (
    r"\b(?:rain\w*|pluie|pleut|snow\w*|neige|wind|vent|heat|chaleur|canicule|cold|froid|noise|"
    r"bruit|traffic|travaux|roadworks|construction|drilling|neighbou?rs?|voisins?|music|"
    r"musique|barking|aboie|cough\w*|toux|itch\w*|hiccups?|hoquet|snoring|ronfle\w*|storm|"
    r"orage|alarm|alarme|ads|pubs?|spam|notifications?|meetings?|reunions?)\b"
)
GUN = (
    r"(?:guns?|pistol|rifle|shotgun|revolver|firearm|handgun|glock|flingue|fusil|pistolet|arme|"
    r"carabine|revolver)"
)
BLADE = r"(?:knife|razor|razor blade|blade|couteau|lame|rasoir|cutter|scalpel)"
ROPE = r"(?:rope|noose|cord|corde|noeud coulant|noeud)"
HEIGHT = (
    r"(?:bridge|roof|rooftop|ledge|edge|cliff|balcony|railing|tracks|rails|overpass|footbridge|"
    r"passerelle|"
    r"window ledge|parking garage|tower|pont|toit|rebord|falaise|balcon|parapet|voie ferree|"
    r"rails|viaduc|fenetre|toi(?= \|))"
)
MEANS = rf"(?:{PILLS_EN}|{PILLS_FR}|{GUN}|{BLADE}|{ROPE}|bullets|cartouches|balles)"
AT_HAND = (
    r"(?:in front of me|next to me|beside me|right here|here with me|with me|in my hands?|"
    r"on my (?:desk|bed|lap|table)|on the table|lined up|ready|loaded|counted out|"
    r"sur mes genoux|in my pocket|dans ma poche|"
    r"devant moi|a cote de moi|pres de moi|dans (?:la|ma|les|mes) mains?|avec moi|"
    r"sur (?:la|ma) table|sur mon (?:bureau|lit)|pret(?:e|es|s)?|chargee?|alignes|sous la main|"
    r"on my (?:nightstand|bedside table)|sur ma table de nuit|sur la table de nuit|"
    r"(?:and )?i have counted them|(?:et )?je les ai comptee?s)"
)
THIRD_SELF = r"(?:himself|herself|themselves|themself)"
PILLS_ANY = rf"(?:{PILLS_EN}|{PILLS_FR})"
# Places to jump from, for "I'm at the station and I want to jump".
PLACES = (
    r"(?:balcony|balcon|bridge|pont|roof|toit|station|gare|quai|platform|train|window|fenetre|"
    r"ledge|rebord|cliff|falaise|tracks|rails)"
)

# Suicide verbs in canonical form, English and French.
KILL_SELF_EN = (
    rf"(?:kill|killing|kills|killed|unalive|end|ending|off|offing|hang|hanging|shoot|yeet|"
    rf"shooting|drown|drowning|poison|poisoning|suffocate|delete|deleting) {ME_EN}"
)
KILL_SELF_FR = (
    r"(?:me (?:tuer|tuerai|tuerais|suicider|suiciderai|flinguer|pendre|"
    r"pendrai|noyer|foutre en l air|fous en l air|foutrai en l air|tirer une balle|"
    r"jeter (?:sous|du|de|par|dans)|ouvrir les veines|taillader les (?:veines|poignets)|"
    r"empoisonner|laisser mourir)|"
    r"(?:mettre|mets|mettrai) fin a (?:mes jours|ma vie|tout ca|tout)|en finir|finir avec la vie|"
    r"mettre un terme a ma vie|"
    r"faire une (?:overdose|surdose|od|ts|tentative)|passer a l acte)"
)
END_IT_EN = (
    r"(?:end (?:my life|my own life|it all|it|things|everything|myself)|ending (?:my life|it "
    r"all|it|things|everything)|take my (?:own )?life|taking my (?:own )?life|commit suicide|"
    r"committing suicide|catch the bus|catching the bus|kys|hang myself|shoot myself|"
    r"slit my wrists|overdose|walk into the (?:sea|ocean|river|lake)|"
    r"(?:jump|"
    r"jumping)(?! (?:in(?! front of)|into|on|onto|over|"
    r"around|rope|at|for|up|through|ship|with|the (?:pool|lake|queue|gun))\b)|"
    rf"(?:take|swallow|down) (?:all|every|the rest of|the whole|all of) (?:my |the |of my |"
    rf"of the |of )?(?:{PILLS_EN}|them|it)|swallow (?:them|it) all)"
)
INTENT_EN = (
    r"(?:going to|gonna|will|shall|about to|ready to|decided to|planning to|plan to|"
    r"plan on|planning on|intend to|finna|fixing to)"
)
INTENT_FR = (
    r"(?:vais|vai|compte|ai decide de|suis decidee? a|suis pret a|suis prete a|veux ce soir|"
    r"vais bientot)"
)
TIME = re.compile(
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
    r"sociolog\w*|13 reasons|rapport|congres|grand rounds|audit|"
    # how to help someone, said in general ("how to support someone who is suicidal")
    r"(?:support|help|helping|supporting|talk to|talking to|reach out to|aider|soutenir|"
    r"parler a) (?:someone|somebody|people|a person|others|quelqu un|une personne|les gens) "
    r"(?:who|that|qui))\b"
)
# A death or an act long past, told as history.
DISTANCE = re.compile(
    r"\b(?:years ago|\w+ years back|last year|decades? ago|when i was (?:young|little|a kid|"
    r"a teen\w*|\d+)|in the past|back then|il y a (?:\w+ )?(?:ans|annees)|le an dernier|"
    r"l annee derniere|quand je etais (?:petite?|jeune|ado\w*|enfant)|quand je avais "
    r"(?:\w+ )?ans|when i was \w+ years old|autrefois|"
    r"plus jeune|passed away|died of|est mort de|est morte de|pendant la guerre|during the "
    r"war|in the war|a la guerre|(?:back )?in (?:18|19)\d\d|en (?:18|19)\d\d)\b"
)
# Idioms and names that share a word with a warning sign; removed before the rules run.
IDIOMS = re.compile(
    r"\b(?:to die for|dying to \w+|dying of (?:boredom|laughter|heat|cold|hunger|thirst|"
    r"embarrassment|shame)|die (?:of|from) (?:embarrassment|laughter|boredom)|"
    r"(?:died|die|dying) laughing|killing (?:myself|me) laughing|laughing myself to death|"
    r"kill(?:ing)? time|dead tired|could kill for|would kill for|kill for a|kill to have|"
    # "rather be dead than go back there" (home, a ward, a place of harm) is no idiom.
    r"rather die than(?! go back| return)|rather be dead than (?:be seen|wear|go(?! back)|eat|"
    r"listen|watch|work)|"
    r"i am dead serious|suicide squad|suicide mission|suicide doors?|"
    r"adieu veau vache cochon couvee|"
    r"mort de (?:rire|fatigue|faim|soif|froid|chaud|honte|peur|ennui)|"
    r"morte? de (?:rire|fatigue|faim|soif|froid|chaud|honte|peur|ennui)|"
    r"meurs? de (?:envie|ennui|faim|chaud|froid|soif|rire|peur)|"
    r"a mourir de (?:ennui|rire)|mourir de (?:rire|ennui|faim|soif|chaud|froid|honte)|"
    r"plutot mourir que|could sleep forever|pourrais dormir pour toujours|(?:tired|crevee?|"
    r"fatiguee?) (?:\w+ ){0,4}(?:could|pourrais) (?:die|mourir)|me pendre a (?:ton|son|votre|"
    r"leur) cou|die (?:my|her|his|their|your|"
    r"the) (?:hair|clothes|shirt|jeans)|"
    r"je me tue a (?:te|vous|le|leur|lui) |(?:me|se|te) (?:tue au|tuer au|tuais au|tue a la|"
    r"tuer a la|tuais a la) "
    r"(?:travail|boulot|taf|tache|sport|salle)|killing myself (?:at|with) (?:work|the gym|"
    r"studying|revision|overtime)|je suis mort \| trop drole|"
    r"mdr je suis mort|"
    # hanging on the phone; a patient or a colleague lost to suicide, told by a clinician
    r"(?:me|se|te) pendre au (?:telephone|tel|bigophone)|"
    r"(?:lost|perdu) (?:\w+ ){0,2}(?:patients?|patientes?|colleagues?|collegues?|clients?) "
    r"(?:to|par|au|a) (?:suicide|overdose|une overdose|le suicide)|"
    # "me jeter à l'eau": to take the plunge; "X can go jump off a bridge": an insult
    r"(?:me|te|se|nous) jeter a l eau(?! (?:du|depuis|de le|froide|glacee))|"
    r"(?<!i )(?:can|could|should|may|might) (?:go jump off (?:a|the) (?:bridge|cliff)|"
    r"go jump in (?:a|the) (?:lake|river)|go jump into (?:a|the) (?:lake|river)|"
    r"go die in a (?:hole|ditch|fire))|(?:peut|peuvent|peux|pouvez) (?:bien )?"
    r"aller se (?:pendre|jeter (?:du|dans|par)))\b"
)
# Everyday contexts in which a sign word is literal.
ACCIDENT = (
    # Not when the writer says it was on purpose ("burned my arm with the iron on purpose").
    r"^(?!.*\b(?:on purpose|expres|deliberately|volontairement)\b).*?\b(?:shaving|cooking|chopping|"
    r"peeling|by accident|accidentally|on the (?:oven|stove|"
    r"pan|iron|kettle|grill)|in the kitchen|small blister|blister|ampoule|cloque|epluchant|"
    r"cuisinant|avec le four|au four|le doigt|my finger|la poele|fer a repasser|avec le fer|"
    r"the iron|ouch|aie|ouille|en ouvrant|boite de conserve|opening a (?:can|tin|box)|"
    r"les ongles|gardening|jardinant|oven|du four|le four|four chaud|en sortant|"
    r"taking (?:\w+ )?out of|gratin|casserole|bouilloire|kettle|stove|plaque de cuisson|"
    r"barbecue|bbq|la plaque|en me rasant|me rasant|rasage|curling iron|straightener|"
    r"lisseur|fer a lisser|boucleur)\b"
)
PURPOSE = (
    r"\b(?:for (?:rock |the )?(?:climbing|camping|hunting|sailing|the boat|my boat|the garden|"
    r"gardening|a project|the bbq|barbecue|work|my dog|the gym|crossfit|moving|my kitchen)|"
    r"for (?:my|the|a|our) (?:\w+ )?(?:tent|hammock|swing|boat|dog|garden|clothes|washing|bike|car|"
    r"move|gym|class|course|project)|pour (?:ma|mon|la|le|notre) (?:\w+ )?(?:tente|hamac|"
    r"balancoire|"
    r"bateau|chien|jardin|linge|velo|voiture|demenagement|cours|projet)|"
    r"(?:for|pour) (?:\w+ ){0,2}(?:via ferrata|canyoning|alpinisme|mountaineering|speleo\w*|caving|"
    r"abseiling|rappel)|"
    r"pour (?:le |la |l )?(?:escalade|camping|chasse|bateau|jardin|barbecue|travail|chien|"
    r"demenagement|cuisine)|hunting season|la chasse|shooting range|stand de tir|"
    r"kitchen|cuisine|knife set|set de couteaux|"
    # a rope on a boat, a dock or a trailer
    r"to (?:the|my|a|our) (?:boat|dock|pier|trailer|roof rack|kayak|canoe)|ready to sail|"
    r"sail\w*|voilier|amarr\w*|mooring|au bateau|au ponton|"
    # a knife to cook with
    r"cooking|cuisiner|onions?|oignons?|chopping|cutting board|planche a decouper|recipe|"
    r"recette|veg\w*|legumes)\b"
)
SOCIAL = (
    r"\b(?:fireworks|feu de artifice|picnic|pique nique\w*|drink|verre|friends|amis|potes|"
    r"view|vue|photos?|terrace|terrasse|waiting for|attends le|see you|a plus|a bientot|"
    r"be there|on my way|en route|arrive dans|almost there|presque|traffic|bouchons|"
    r"stuck on the|bloque sur|family|famille|tourist\w*|touriste\w*|visit\w*|fixing|"
    r"repair\w*|reparer|antenna|antenne|gutter|gouttiere|cleaning|nettoy\w*|chantier|"
    r"bouchonne|bouchons?|embouteillage|circulation|in the car|en voiture|pool|piscine|dive|"
    r"diving|plongeoir|plongee|swim\w*|nage\w*|lake|lac|beach|plage)\b"
)
SEE_YOU = (
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


def rule_of(
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
    words = tuple(k for key in keys.split("|") for k in (DRUG_KEYS if key == "DRUGS" else (key,)))
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
