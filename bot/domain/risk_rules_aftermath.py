"""Risk rules: what a crisis looks like in the middle of a life that goes on, each a
construction rather than a sentence: survivor's guilt after a mission ("it should have been
me"), not deserving to be alive, not minding not waking up, being better off never born,
wishing the plane would go down, self-harm started again, an overdose that "is not a
relapse", someone else's pills taken to the last one, a gun whose code one knows, a rope hung
up, legs over the edge; and the sideways decisions with a time that need a second sign
("I'm going for good", "tonight I'm going to join them", "I'm going through with it",
"nobody's stopping me", "by tomorrow night it'll be sorted").

See ``risk_rules`` for what a rule says and how the model reads it.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import (
    GUN,
    NOT_MEDICINE,
    NUISANCE,
    PILLS_EN,
    PILLS_FR,
    PURPOSE,
    URGENT,
    Person,
    Rule,
    rule_of,
)

# Going out with friends, moving house or changing jobs: what "going for good" and "joining
# them" usually are.
_OUTINGS = (
    r"\b(?:pub|bar|resto\w*|restaurant|party|fete|soiree|diner|dinner|match|game|concert|"
    r"trip|voyage|cafe|drinks?|verre|apero|beach|plage|cinema|movies?|poste|job|travail|"
    r"boulot|company|entreprise|country|pays|abroad|etranger|demenag\w*|moving|move|house|"
    r"maison|flat|appart\w*|city|ville|school|ecole|uni|fac|vacances|holiday|team|equipe)\b"
)
# The same, read only in the rest of the clause: in a long message, ordinary news elsewhere
# ("le boulot ça va") must not hide a decision.
_NOT_AN_OUTING = (
    r"(?![^|]*\b(?:from|to|at|in|for|de|du|des|en|au|aux|a|pour|chez|dans)\b)(?![^|]*"
    + _OUTINGS
    + ")"
)

# Told by someone else, or a film: not the writer's own guilt.
_TOLD = (
    r"\b(?:documentaire|documentary|film|movie|livre|book|survivant|survivor|podcast|"
    r"(?:he|she|they|il|elle|ils) (?:said|says|a dit|disait|dit))\b"
)

RULES: tuple[Rule, ...] = (
    # --- survivor's guilt: a weak sign, which a second one makes count
    rule_of(
        "should_have_been_me",
        "should|aurait|aurais|etait|moi",
        r"\b(?:(?:it )?should have been me|i should have died(?: instead)?|(?:ca|ce) aurait du "
        r"etre moi|ce est moi qui aurais du (?:y passer|mourir|y rester|partir)|ce etait a moi "
        r"de (?:mourir|y passer)|je aurais du (?:mourir|y passer|y rester) a leur place)\b",
        "hopelessness",
        person=Person.SELF,
        negatable=False,
        weak=True,
        exclude=_TOLD,
    ),
    # --- not deserving to be alive
    rule_of(
        "not_deserve_alive",
        "deserve|merite|droit",
        r"\b(?:i do not deserve (?:to (?:still )?(?:be alive|live|be here|exist)|(?:to be )?"
        r"alive|my life)|je (?:ne )?merite (?:pas|plus) de (?:vivre|exister|etre (?:encore )?"
        r"(?:en vie|vivante?|la))|je (?:ne )?ai (?:pas|plus) le droit de (?:vivre|exister|"
        r"etre (?:encore )?(?:en vie|vivante?)))\b",
        "wish_to_die",
        person=Person.SELF,
        negatable=False,
    ),
    # --- not minding not waking up
    rule_of(
        "would_not_mind_not_waking",
        "mind|bad|worst|arrangerait|mal",
        r"\b(?:would not mind (?:not waking up|never waking up|dying|if i did not wake up)|"
        r"would not be (?:so |that |too )?(?:bad|the worst thing) (?:to (?:not|never) wake up|if "
        r"i (?:just )?(?:did not|never) (?:wake|woke) up|to die)|"
        r"(?:serait|serai) (?:pas|plus) (?:plus )?mal si je (?:ne )?me reveillais (?:pas|plus|"
        r"jamais)|(?:me )?arrangerait (?:bien )?de (?:ne )?(?:pas|plus|"
        r"jamais) me reveiller|(?:serait|serai) (?:pas|plus) (?:plus |si )?mal de (?:ne )?"
        r"(?:pas|plus|jamais) me reveiller)\b"
        # waking up too early or late is a lie-in
        r"(?! (?:trop |too )?(?:tot|tard|early|late|avant|before|en retard))",
        "wish_to_die",
        person=Person.SELF,
        negatable=False,
    ),
    # --- better off if one had never been born
    rule_of(
        "never_born",
        "better|mieux|born|naitre|ne",
        r"\b(?:(?:be|been) better off if i (?:had |would )?never (?:been )?born|(?:serait|"
        r"seraient|serais|aurait ete|auraient ete) mieux si je (?:ne )?(?:etais|avais) "
        r"(?:jamais|pas) (?:ne|nee|existe)|je aurais (?:du|mieux fait de) (?:ne )?jamais "
        r"naitre)\b",
        "wish_to_die",
        person=Person.SELF,
        negatable=False,
    ),
    # --- wishing the plane (the train, the car) would crash with one in it
    rule_of(
        "wish_crash",
        "wish|hope|hoping|aimerais|voudrais|espere|souhait",
        r"\b(?:(?:wish|hope|hoping) (?:that )?(?:the|my) (?:plane|flight|train|helicopter|"
        r"heli|car|bus) (?:would |will )?(?:go down|goes down|crash\w*|fall out of the sky)|"
        r"(?:aimerais|voudrais|espere|souhaite) que (?:le |l |mon |ma )?(?:avion|vol|train|"
        r"helico\w*|voiture|bus) (?:se crashe|se ecrase|ecrase|tombe|deraille)\w*)\b",
        "wish_to_die",
        person=Person.SELF,
        exclude=r"\b(?:film|movie|game|jeu|simulat\w*)\b",
    ),
    # --- trapped, and it will never end ("trapped in my own head, flashbacks every night,
    # it'll never end")
    rule_of(
        "trapped_never_ends",
        "never|jamais",
        r"\b(?:feel|am|sens|suis) (?:\w+ ){0,2}(?:trapped|stuck|piegee?|au piege|coincee?)\b"
        r"(?: (?:\w+|\|)){0,12} (?:it (?:will|ll) never (?:end|stop)|(?:ca|ce|sa) (?:ne )?"
        r"(?:finira|arretera|se arretera) jamais|(?:it )?never ends|(?:ca )?(?:ne )?finit "
        r"jamais)\b",
        "hopelessness",
        exclude=NUISANCE + r"|\b(?:queue|file de attente|line|bouchons?|embouteillage|lift|"
        r"elevator|ascenseur|airport|aeroport|train|bus|game|jeu|level|niveau|exam\w*|"
        r"lecture|cours|week|semaine)\b",
        reaches_back=2,
    ),
    # --- self-harm started again after a time without it
    rule_of(
        "self_harm_again",
        "blade|razor|lame|rasoir|scarif|cutting|cut|couper|harm|automutil",
        r"\b(?:blade|razor|lame|rasoir|scarif\w*|cutting|last cut|cut myself|me couper|"
        r"self harm\w*|automutil\w*)"
        r"\b(?: (?:\w+|\|)){0,8} (?:i (?:have )?started again|started again|i relapsed|"
        r"relapsed|je ai recommence|recommence|je ai rechute)\b",
        "self_harm",
        person=Person.SELF,
        negatable=False,
        exclude=r"\b(?:cook\w*|cuisin\w*|barber|coiffeur|hair|cheveux|beard|barbe|shav\w*|"
        r"rase\w*)\b",
    ),
    # --- an overdose "not a relapse": on purpose (weak: it needs the dose beside it)
    rule_of(
        "not_a_relapse",
        "relapse|rechute|knowing|sachant",
        r"(?:\| (?:this time |cette fois )?(?:this|it|ce) (?:is|was|est|etait|ne est|ne etait) "
        r"(?:not|pas) (?:a |une )?"
        r"(?:relapse|rechute)(?: cette fois| this time)?(?= \|)|\b(?:knowing exactly what i was "
        r"doing|en sachant (?:tres bien|exactement|tres bien) ce que je faisais))",
        "attempt",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
    ),
    # --- more than one's usual dose (weak: with "not a relapse" it is an overdose on purpose)
    rule_of(
        "more_than_usual",
        "more|plus|double|twice|triple",
        r"\b(?:(?:used|took|shot|injected|snorted|pris|injecte|sniffe|consomme) (?:\w+ ){0,3}"
        r"(?:way more|much more|more|a lot more|bien plus|beaucoup plus|plus) (?:\w+ ){0,3}"
        r"(?:than (?:usual|ever|i ever (?:have|did)|normal)|que (?:de habitude|ma dose|"
        r"normalement|jamais))|(?:le double|le triple|double|triple|twice) (?:de )?(?:ma|my) "
        r"(?:usual |normal )?(?:dose|dosage))\b",
        "attempt",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
    ),
    # --- someone else's pills, to the last one ("took my roommate's pills, the whole strip")
    rule_of(
        "whole_strip",
        "took|taken|swallow|pris|avale",
        rf"\b(?:took|taken|swallowed|pris|avale) (?:\w+ ){{0,2}}(?:{PILLS_EN}|{PILLS_FR})"
        r"(?: (?:\w+|\|)){0,6} (?:the whole (?:strip|box|bottle|pack|packet|blister)|all of "
        r"them|all of it|"
        r"toute la (?:plaquette|boite)|tout le (?:flacon|tube)|toutes)\b",
        "attempt",
        URGENT,
        exclude=NOT_MEDICINE,
    ),
    # --- a gun one can open ("dad's gun is in the closet and I know the code"): weak
    rule_of(
        "gun_code_known",
        "code|combination|combinaison|cle|key",
        rf"\b{GUN}\b(?: (?:\w+|\|)){{0,10}} (?:i know the (?:code|combination)|i have the key|"
        r"je connais (?:le code|la combinaison)|je ai la cle)\b",
        "method",
        URGENT,
        person=Person.SELF,
        weak=True,
        exclude=r"\b(?:hunt\w*|chasse|shooting range|stand de tir|gun club|club de tir|"
        r"permis|licen[cs]e)\b",
        reaches_back=1,
    ),
    # --- "tonight is the right moment": a weak timed sign
    rule_of(
        "right_moment",
        "moment|time",
        r"\b(?:(?:ce soir|cette nuit|aujourd hui|demain) ce est le (?:bon|meilleur) moment|"
        r"(?:tonight|today|tomorrow) is the (?:right|perfect) (?:time|moment))(?= \|)",
        "plan",
        person=Person.SELF,
        weak=True,
        timed=True,
    ),
    # --- a rope hung up
    rule_of(
        "rope_hung_up",
        "corde|rope|noose|noeud",
        r"\b(?:je ai (?:la|une|ma) corde (?:accrochee|suspendue)|(?:the |my )?(?:rope|noose) "
        r"is (?:up|hung|hanging)|(?:corde|noeud coulant|rope|noose) (?:est )?(?:accrochee|"
        r"suspendue|hung|hanging) (?:a|au|to|from) (?:la |le |the |a |une )?(?:poutre|plafond|"
        r"beam|ceiling|rafter|arbre|tree))\b",
        "method",
        URGENT,
        exclude=PURPOSE + r"|\b(?:linge|washing|laundry|clothes|swing|balancoire|escalade|"
        r"climb\w*|hamac|hammock|gym|boxe|boxing|sport)\b",
    ),
    # --- legs over the edge of a roof or a bridge
    rule_of(
        "over_the_edge",
        "legs|feet|jambes|pieds|edge|bord",
        r"\b(?:(?:my )?(?:legs|feet) (?:are )?(?:hanging|dangling) over the edge|(?:sitting|"
        r"standing) on the edge of the (?:roof|bridge|balcony|building)|(?:les )?(?:jambes|"
        r"pieds) (?:dans le vide|au dessus du vide)|(?:assise?|debout) au bord du (?:toit|pont|"
        r"vide|balcon))\b",
        "attempt",
        URGENT,
        person=Person.SELF,
        exclude=r"\b(?:pool|piscine|dock|quai|pier|ponton|bed|lit|canape|couch|sofa|bath|"
        r"bain|photo|picture|selfie|climb\w*|escalade)\b",
    ),
    # --- sideways decisions with a time, each weak: going for good, joining them, going
    # through with it, nobody stopping me, "it'll be sorted"
    rule_of(
        "going_for_good",
        "going|leaving|gone|vais|pars",
        r"\b(?:i am (?:going|leaving) for good|i will be gone for good|je me en vais pour (?:de "
        r"bon|toujours)|je pars pour (?:de bon|toujours))\b" + _NOT_AN_OUTING,
        "plan",
        URGENT,
        person=Person.SELF,
        weak=True,
        timed=True,
    ),
    rule_of(
        "join_them",
        "join|rejoindre",
        r"\b(?:(?:i am going to|i am gonna|i will) join (?:them|the others|my (?:friends|"
        r"colleagues|mates|brother|sister|mum|mom|dad|father|mother))|je vais (?:aller )?"
        r"rejoindre (?:les autres|mes (?:collegues|amis|potes)|mon (?:frere|pere)|ma (?:soeur|"
        r"mere)))\b" + _NOT_AN_OUTING,
        "plan",
        URGENT,
        person=Person.SELF,
        weak=True,
        timed=True,
    ),
    rule_of(
        "go_through_with_it",
        "going|through|aller|bout",
        r"\b(?:i am (?:going|gonna) (?:to )?(?:go )?through with it|going through with it|"
        r"i will go through with it|je vais aller (?:jusque |jusqu )?au bout)(?= \|| cette| ce| "
        r"tonight| today| tomorrow| demain)" + _NOT_AN_OUTING,
        "plan",
        URGENT,
        person=Person.SELF,
        weak=True,
        timed=True,
        exclude=r"\b(?:surgery|operation|wedding|mariage|marathon|course|race|"
        r"projet|project|these|thesis|formation|training)\b",
    ),
    rule_of(
        "nobody_stops_me",
        "nobody|no one|personne",
        r"\b(?:(?:nobody|no one) (?:is )?(?:stopping|going to stop|gonna stop|will stop|can "
        r"stop) me|personne (?:ne )?(?:me )?(?:retiendra|arretera|empechera)(?: pas)?(?: de le "
        r"faire)?)(?: this time| now| cette fois| maintenant)?(?= \|)",
        "plan",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
    ),
    rule_of(
        "it_will_be_sorted",
        "sorted|regle|fini|termine|over",
        r"\b(?:it (?:will|ll) (?:all )?be (?:sorted|over)|ce sera (?:regle|fini|termine))"
        r"(?: (?:tonight|today|tomorrow|this weekend|ce soir|cette nuit|demain|ce week end))?"
        r"(?= \|)",
        "plan",
        person=Person.SELF,
        weak=True,
        timed=True,
        exclude=r"\b(?:plumber|plombier|paperwork|papiers|dossier|file|repair\w*|"
        r"repar\w*|exam\w*|partiels?)\b",
    ),
)
