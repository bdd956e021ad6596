"""Risk rules: plain chat phrasings of a crisis that the other families missed, each a
construction rather than a sentence: a means got or ready followed by "I'm doing it", a
number of tablets just taken, a car and a hose, relief at not waking up, searching how to
die, one's own better off with another parent, "tonight I end it", on a height now with a
goodbye, wanting the pain to stop forever, never having thought one would want to die.

See ``risk_rules`` for what a rule says and how the model reads it.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import (
    HEIGHT,
    NOT_MEDICINE,
    NUISANCE,
    PILLS_EN,
    PILLS_FR,
    PURPOSE,
    QTY_EN,
    QTY_FR,
    URGENT,
    G,
    Person,
    Rule,
    rule_of,
)

_DO_IT = (
    r"(?:je le fais|je le ferai|je vais le faire|i am doing it|i will do it|i do it|"
    r"i am going to do it)"
)
_GOT = (
    r"(?:is |are |est |sont )?(?:bought|got|ready|here|prepared|sorted|achetee?s?|prete?s?|"
    r"la|prepare\w*)"
)
_MEANS_GOT = (
    r"(?:rope|noose|corde|noeud coulant|gun|pistol|flingue|pistolet|fusil|charcoal|charbon|"
    r"hose|tuyau|helium|pills|tablets|cachets|comprimes|medocs|blade|razor|lame)"
)

RULES: tuple[Rule, ...] = (
    # --- a means got or ready, then "I'm doing it" ("la corde est achetée, je le fais ce soir")
    rule_of(
        "means_got_do_it",
        "rope|noose|corde|noeud|gun|pistol|flingue|fusil|charcoal|charbon|hose|tuyau|helium|"
        "pills|tablets|cachets|compri|medocs|blade|razor|lame",
        rf"\b{_MEANS_GOT} (?:(?:\w+|\|) ){{0,3}}{_GOT} (?:(?:\w+|\|) ){{0,3}}{_DO_IT}\b",
        "method plan",
        URGENT,
        person=Person.SELF,
        exclude=PURPOSE + r"|\b(?:climb\w*|escalade|swing|balancoire|camping|garden|jardin|"
        r"boat|bateau|hunt\w*|chasse|range|stand de tir|diy|bricol\w*)\b",
    ),
    # --- a car and a hose: the exhaust set up
    rule_of(
        "car_and_hose",
        "hose|tuyau|car|garage|exhaust|voiture|echappement",
        r"\b(?:(?:car|garage|exhaust|voiture|pot de echappement|echappement) (?:(?:\w+|\|) ){0,8}"
        r"(?:hose|tuyau)|(?:hose|tuyau) (?:(?:\w+|\|) ){0,8}(?:car|exhaust|voiture|"
        r"echappement))\b",
        "method preparation",
        URGENT,
        exclude=r"\b(?:wash\w*|lav\w*|water\w*|arros\w*|garden\w*|jardin\w*|plants?|plantes?|"
        r"pool|piscine|radiator|radiateur|leak\w*|fuite|mechanic|garagiste|fix\w*|repar\w*|"
        r"replace\w*|change\w*|broke|broken|casse|vacuum|aspirateur|fuel|essence)\b",
    ),
    # --- a number of tablets just taken ("took like 40 of my nan's blood pressure tablets")
    rule_of(
        "took_many_tablets",
        "took|taken|swallow|downed|popped|pris|avale|prendre",
        rf"\b(?:(?:i|i have|just) (?:took|taken|swallowed|downed|popped) (?:like |about |around |"
        rf"maybe |over |nearly |almost )?{QTY_EN} (?:{G}{{0,5}})?{PILLS_EN}|"
        rf"(?:je ai|ai|je viens de) (?:pris|avale|prendre|avaler) (?:genre |environ |presque |"
        rf"plus de )?{QTY_FR} (?:{G}{{0,5}})?{PILLS_FR})\b",
        "attempt",
        URGENT,
        person=Person.SELF,
        exclude=r"\b(?:a day|per day|par jour|each day|chaque jour|this week|cette semaine|"
        r"this month|ce mois|prescribed|ordonnance|course of|traitement|vitamin\w*|"
        r"supplements?|complements?|over the (?:week|month|year))\b" + "|" + NOT_MEDICINE,
    ),
    # --- relief at not waking up, either order
    rule_of(
        "relieved_not_waking",
        "if i|relieved|relief|soulag|si je",
        r"\b(?:if i (?:did not|never|were not to|was not to|do not) (?:wake up|wake|make it "
        r"through the night) (?:\w+ ){0,3}i would (?:\w+ ){0,1}be (?:relieved|glad|grateful|"
        r"thankful|at peace)|(?:i would be|it would be a|what a) (?:\w+ ){0,1}(?:relieved|"
        r"relief|glad|grateful) (?:\w+ ){0,1}if i (?:did not|never|do not) wake up|"
        r"si je (?:ne )?me reveillais (?:pas|plus|jamais) (?:\w+ ){0,3}(?:je serais|ce serait) "
        r"(?:\w+ ){0,1}(?:soulagee?|un soulagement|heureuse|heureux|en paix)|"
        r"(?:je serais|ce serait) (?:\w+ ){0,1}(?:soulagee?|un soulagement) (?:\w+ ){0,1}"
        r"de (?:ne )?(?:pas|plus|jamais) me reveiller)\b",
        "wish_to_die",
        person=Person.SELF,
        negatable=False,
    ),
    # --- searching how to die
    rule_of(
        "searching_how",
        "googl|search|look|research|read|cherch|regard",
        r"\b(?:(?:googl\w*|search\w*|looking up|looked up|look up|research\w*|reading about) "
        r"(?:\w+ ){0,2}(?:ways|how|methods?|the best way|the easiest way|painless ways?) "
        r"(?:to |of )?(?:die|dying|kill myself|end it|end my life|commit suicide|overdose|od|"
        r"hang myself|do it(?: (?:again|tonight|today|now|painlessly|quietly|properly))*"
        r"(?= \|))|"
        r"(?:cherche\w*|googl\w*|regarde\w*) (?:\w+ ){0,2}(?:comment|des moyens de|des facons de|"
        r"des methodes pour|la meilleure facon de) (?:mourir|me tuer|en finir|me suicider|"
        r"le faire(?= \|)))\b",
        "active_thoughts method",
        person=Person.SELF,
    ),
    # --- one's own better off with another parent or partner
    rule_of(
        "better_off_with_another",
        "better off|mieux",
        r"(?<!his )(?<!her )(?<!their )\b(?:kids|children|family|son|daughter|wife|husband|"
        r"partner|boyfriend|girlfriend|baby|babies) (?:\w+ ){1,3}better off with (?:a |an |"
        r"some )?(?:different|another|new|better|other|real|proper) (?:dad|father|mum|mom|"
        r"mother|parent|husband|wife|partner|boyfriend|girlfriend)|"
        r"(?:mes enfants|mes gosses|ma famille|mon fils|ma fille|ma femme|mon mari|mon copain|"
        r"ma copine|mes petits) (?:\w+ ){0,2}(?:seraient|serait) (?:\w+ ){0,1}mieux avec "
        r"(?:un autre (?:pere|papa|mari|copain|parent)|une autre (?:mere|maman|femme|copine))\b",
        "hopelessness",
        person=Person.SELF,
    ),
    # --- "tonight I end it": ending it said in the present, with nothing after
    rule_of(
        "i_end_it",
        "end it|end everything|end my",
        r"\bi (?:end it|end it all|end everything|end my life)(?= \|| (?:tonight|today|"
        r"tomorrow|now|at|this|for good)\b)",
        "plan",
        person=Person.SELF,
        timed=True,
    ),
    # --- on a height now, with a goodbye ("on the bridge now. sorry everyone")
    rule_of(
        "height_now_goodbye",
        "bridge|roof|ledge|edge|cliff|balcon|railing|track|rail|overpass|footbridge|passerelle|"
        "window|parking|tower|pont|toit|rebord|falaise|parapet|voie|viaduc|fenetre|platform|"
        "quai|multistorey|toi",
        rf"\b(?:on|at|standing on|sur|au bord du|au bord de la) (?:the |top of the |le |la |"
        rf"du |de la )?(?:{HEIGHT}|platform|quai|multistorey) (?:\w+ ){{0,2}}(?:now|right now|"
        r"maintenant|la) (?:(?:\w+|\|) ){0,4}(?:sorry|goodbye|bye|forgive me|love you all|"
        r"desolee?|pardon|adieu|je vous aime|au revoir)\b",
        "attempt farewell",
        URGENT,
        person=Person.SELF,
        exclude=r"\b(?:late|retard|traffic|bouchons?|delay\w*|stuck|bloquee?|coming|arrive\w*|"
        r"on my way|en route|see you|a tout|photo|pics?|view|vue|sunset|coucher de soleil|"
        r"train|bus|tram|metro|rer)\b",
    ),
    # --- the pain to stop forever
    rule_of(
        "pain_stop_forever",
        "pain|stop|douleur|arrete|cesse|finisse",
        r"\b(?:(?:want|need|wish) (?:\w+ ){0,1}(?:the |this |my )?(?:pain|hurt|hurting|it all|"
        r"everything) to (?:stop|end|go away) (?:\| )?(?:forever|for good|permanently|for ever)|"
        r"(?:veux|voudrais|aimerais|besoin) que (?:la douleur|tout|ca|cette douleur|la souffrance) "
        r"(?:\w+ ){0,1}(?:s arrete|cesse|finisse) (?:\| )?(?:pour toujours|a jamais|pour de bon|"
        r"definitivement))\b",
        "wish_to_die",
        person=Person.SELF,
        exclude=NUISANCE,
    ),
    # --- never having thought one would want to die: the negation is the surprise
    rule_of(
        "never_thought_i_would",
        "jamais|never|aurais|thought",
        r"\b(?:jamais je ne aurais (?:cru|pense)|je ne aurais jamais (?:cru|pense)|"
        r"(?:i )?never thought i would|never thought i d) (?:que je )?(?:\w+ ){0,2}"
        r"(?:vouloir (?:me tuer|mourir|en finir|me suicider)|voudrais (?:me tuer|mourir|en "
        r"finir)|want to (?:die|kill myself|end it|end my life)|wanting to (?:die|kill myself)|"
        r"be suicidal|etre suicidaire|think about (?:killing myself|suicide|ending it)|"
        r"penser au suicide|penser a me tuer)\b",
        "active_thoughts",
        person=Person.SELF,
        negatable=False,
    ),
)
