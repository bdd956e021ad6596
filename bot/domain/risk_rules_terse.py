"""Risk rules: the terse and sideways ways chat says a crisis, each a construction rather
than a sentence: a bare means and a time ("rope tonight", from an emoji), a decision and its
time with nothing named, resolve ("not changing my mind"), a time chosen for being alone,
knowing where the means are and "I'm doing it", driving into a tree, not knowing why one is
still here, wondering what it would be like to be dead, hoping not to wake up or to be hit.

See ``risk_rules`` for what a rule says and how the model reads it.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import PURPOSE, SEE_YOU, URGENT, Person, Rule, rule_of

# Times that, right after a means or a decision, make it a plan.
_SOON = (
    r"(?:tonight|tomorrow|today|now|right now|this (?:weekend|week end|evening|morning|night)|"
    r"(?:on |this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"ce soir|cette nuit|demain|maintenant|aujourd hui|ce (?:weekend|week end|we)|"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche))"
)
_DO_IT = (
    r"(?:je le fais|je le ferai|je vais le faire|i am doing it|i will do it|i do it|"
    r"i am going to do it|i am gonna do it)"
)
# An ending said alone, and a wish for the others said as a goodbye.
_OVER = r"(?:ce est fini|it is over|i am done|done|je ai fini|je suis finie?)"
_CARE_ALL = (
    r"(?:prenez soin de vous(?: tous| toutes)?|prenez soin les uns des autres|take care of "
    r"(?:yourselves|each other|one another|everyone)|take care (?:everyone|all|you all))"
)
# Celebrations and errands that also get decided, planned and dated.
_EVENTS = (
    r"\b(?:birthday|anniv\w*|wedding|mariage|party|fete|soiree|date|rencard|exam|examen|"
    r"interview|entretien|match|game|concert|move|moving|demenag\w*|trip|voyage|vacances|"
    r"holiday|dinner|diner|repas|menu|surprise|race|course|marathon|surgery|operation|"
    r"appointment|rendez vous|rdv|meeting|reunion|launch|release|sortie|party)\b"
)

RULES: tuple[Rule, ...] = (
    # --- "it's over" and "take care of each other", each a whole clause: a goodbye
    rule_of(
        "over_take_care",
        "soin|care",
        rf"\| (?:{_OVER} \| {_CARE_ALL}|{_CARE_ALL} \| {_OVER}) \|",
        "farewell",
        URGENT,
        person=Person.SELF,
        negatable=False,
        reaches_back=1,
        exclude=SEE_YOU + r"|\b(?:session|seance|cours|class|shift|garde|semaine|week|"
        r"aujourd hui|today|stage|exam\w*|projet|project|match|game)\b",
    ),
    # --- a bare means and a time, the whole clause ("🪢 ce soir", "🔫 tonight")
    rule_of(
        "bare_means_time",
        "rope|noose|gun|corde|flingue|pistolet|fusil|cercueil|coffin",
        r"\| (?:(?:the|my|le|la|mon|ma) )?(?:rope|noose|gun|corde|flingue|pistolet|fusil|"
        rf"cercueil|coffin)(?: \|)? {_SOON}(?= \|| after| apres| when| quand| once)",
        "method plan",
        URGENT,
        person=Person.SELF,
        exclude=PURPOSE + r"|\b(?:climb\w*|escalade|swing|balancoire|camping|hunt\w*|chasse|"
        r"range|stand de tir|paintball|airsoft|laser|nerf|game|jeu|film|movie|halloween)\b",
    ),
    # --- a means "in my head" or in one's bag, and "tonight's the one": two weak signs
    rule_of(
        "means_with_me",
        "cachet|pill|corde|rope|flingue|gun|cercueil|coffin|noose",
        r"\b(?:(?:cachets|pills|corde|rope|noose|flingue|gun|cercueil|coffin) (?:(?:et|and) "
        r"(?:le |la |les |the )?\w+ )?(?:is |are |est |sont )?(?:en tete|in my head|on my mind)|"
        r"(?:corde|rope|noose|flingue|gun) (?:is |est )?(?:in my (?:bag|pocket|backpack|car)|"
        r"dans mon (?:sac|sac a dos)|dans ma (?:poche|voiture)))\b",
        "method",
        person=Person.SELF,
        weak=True,
        exclude=PURPOSE + r"|\b(?:trip|voyage|vacances|holiday|travel|hike|rando\w*|range|"
        r"stand de tir|hunt\w*|chasse)\b",
    ),
    rule_of(
        "the_one_tonight",
        "soir|nuit|demain|aujourd|tonight|today|tomorrow",
        r"\b(?:(?:ce soir|cette nuit|demain|aujourd hui) ce est la bonne|(?:tonight|today|"
        r"tomorrow) is the one)\b",
        "plan",
        URGENT,
        person=Person.SELF,
        weak=True,
        timed=True,
    ),
    # --- a decision and its time with nothing named ("tout est prévu pour ce weekend")
    rule_of(
        "planned_for_a_time",
        "planned|decided|prevu|decide|organise|sorted|sera",
        r"\b(?:(?:everything is|it is all|it is|all is) (?:planned|decided|sorted|organised|"
        r"organized) for|"
        r"(?:already )?decided it is (?:going to|gonna) be|(?:tout est|ce est|je ai tout|"
        r"tout) (?:prevu|decide|organise)(?: pour)?|ce est decide ce est pour|"
        rf"ce sera) {_SOON}\b",
        "plan",
        URGENT,
        person=Person.SELF,
        weak=True,
        exclude=_EVENTS,
    ),
    # --- resolve: the mind made up, said at the end of a clause
    rule_of(
        "mind_made_up",
        "chang|mind|avis|going|retour",
        r"\b(?:i am not (?:changing|going to change|gonna change) my mind|i will not change my "
        r"mind|my mind is made up|no going back|(?:je )?(?:vais|changerai) (?:pas|plus) "
        r"changer de avis|je (?:ne )?changerai (?:pas|plus) de avis|pas de retour en arriere)"
        r"(?= \|)",
        "plan",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
        exclude=_EVENTS,
    ),
    # --- a time chosen for being alone ("when my roommates are away")
    rule_of(
        "when_alone",
        "when|avant|quand|roommate|flatmate|nobody|personne",
        r"\b(?:when (?:my )?(?:roommates|flatmates|parents|family|wife|husband|everyone|"
        r"the others) (?:are|is) (?:away|out|gone|not home|asleep)|when nobody is (?:home|"
        r"around)|avant que les autres se reveillent|quand (?:mes colocs|mes parents|tout le "
        r"monde|personne) (?:seront partis|sera parti|ne seront pas la|ne sera pas la|"
        r"sera la|dorment|dormira))\b",
        "plan",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
        exclude=_EVENTS,
    ),
    # --- knowing where the means are, then "I'm doing it"
    rule_of(
        "means_known_do_it",
        "cartouch|balles|munition|bullet|ammo|gun|fusil|flingue|pistolet|coffre",
        r"\b(?:je sais|i know) (?:ou|where) (?:(?:\w+|\|) ){0,4}(?:cartouches|balles|"
        r"munitions|bullets|ammo|gun|fusil|flingue|pistolet|gun safe|coffre a armes)\b"
        rf"(?: (?:\w+|\|)){{0,6}} {_DO_IT}\b",
        "method plan",
        URGENT,
        person=Person.SELF,
        exclude=r"\b(?:hunt\w*|chasse|shooting range|stand de tir|gun club|club de tir|permis)\b",
    ),
    # --- driving into a tree or a wall on purpose (French "foncer dans un platane")
    rule_of(
        "drive_into",
        "fonce|foncer|encastr|platane",
        r"\b(?:je fonce|foncer|je vais foncer|je me encastre|me encastrer) (?:avec (?:la|ma) "
        r"voiture |en voiture )?(?:dans|contre) (?:un|une|le|la) (?:platane|arbre|mur|pile|"
        r"pont|camion|poids lourd)\b",
        "active_thoughts method",
        person=Person.SELF,
        timed=True,
        exclude=r"\b(?:failli|presque|verglas|accident|glisse|derape|almost|ice)\b",
    ),
    # --- not knowing why one is still here
    rule_of(
        "why_still_here",
        "why|pourquoi",
        r"(?:\| (?:\w+ ){0,2}|(?:know|sure|idea|sais|savoir|comprends) (?:\w+ ){0,2})"
        r"(?:why (?:i am|am i)|pourquoi (?:je suis|suis je)) (?:still|encore|toujours) "
        r"(?:here|alive|around|la|en vie|vivante?)(?= \|)",
        "wish_to_die",
        person=Person.SELF,
        negatable=False,
    ),
    # --- wondering what it would be like to be dead
    rule_of(
        "what_if_i_died",
        "wonder|demande",
        r"\b(?:(?:i )?wonder\w* (?:what|how) (?:it would be like|it would feel|would happen|"
        r"people would (?:feel|react|do)) if i (?:killed myself|died|was dead|were dead|"
        r"was gone|were gone)|je me demande (?:\w+ )?(?:comment ce serait|ce que ca ferait|"
        r"ce qui se passerait|comment (?:les gens|ils) reagiraient) si je (?:me tuais|mourais|"
        r"etais morte?|me suicidais|etais plus la))\b",
        "active_thoughts",
        person=Person.SELF,
    ),
    # --- hoping or wishing not to wake up, or to be hit
    rule_of(
        "hope_not_to_wake",
        "wake|reveil",
        r"\b(?:(?:hoping|hope|hoped|praying|pray|wish) (?:that )?i (?:just )?(?:do not|will not|"
        r"never|would not) wake up(?= \|| from| tomorrow| one| ever)|"
        r"(?:espere|esperant|souhaite) (?:que je ne me reveille|que je me reveille|ne pas me "
        r"reveiller|ne plus me reveiller)(?: \w+)?(?: pas| plus| jamais)?(?= \|)|"
        r"(?:me endormir|dormir|sleep|fall asleep) (?:\w+ ){0,2}(?:et|and) (?:de )?(?:ne )?"
        r"(?:plus jamais|jamais plus|never) (?:me reveiller|wake up|me relever))\b",
        "wish_to_die",
        person=Person.SELF,
        negatable=False,
        exclude=r"\b(?:baby|bebe|kids|enfants|late|en retard|alarm|reveil|hangover|gueule de "
        r"bois|early|tot)\b",
    ),
    rule_of(
        "hope_to_be_hit",
        "hop|wish|pray|esper|souhait",
        r"\b(?:hope|hoping|wish|wishing|pray) (?:that )?(?:a|some|the) (?:car|bus|truck|"
        r"lorry|train|tram) (?:hits|would hit|will hit|runs me over|would run me over|kills|"
        r"would kill) me\b",
        "wish_to_die",
        person=Person.SELF,
    ),
    # --- "ending it" with no subject, chat style, then a time
    rule_of(
        "ending_it_then",
        "ending|end",
        r"\| (?:ending it|ending it all|ending things|end it all|ending everything) "
        rf"(?:{_SOON}|after (?:work|school|class|dinner|my shift))\b",
        "plan",
        person=Person.SELF,
        timed=True,
        exclude=r"\b(?:with (?:him|her|them|my|the|this)|relationship|the call|the meeting|"
        r"the season|the series|the game|the chapter|the book|the project|the lease)\b",
    ),
    # --- nobody having to worry about me after a time; no longer a weight for anyone
    rule_of(
        "no_more_worry",
        "worry|bother|poids|fardeau",
        r"\b(?:(?:nobody|no one|everyone|you|they) (?:will |would )?(?:have|need|has|needs) to "
        r"(?:worry|bother) about me (?:anymore|any more|after|ever again)|je (?:ne )?serai "
        r"(?:plus|pas) un (?:poids|fardeau)(?: pour (?:personne|vous|toi|eux|quiconque))?"
        r"(?= \|))",
        "hopelessness",
        person=Person.SELF,
        negatable=False,
        timed=True,
        exclude=r"\b(?:quand je aurai|when i get|once i (?:get|have)|new job|the job|le job|"
        r"nouveau (?:job|boulot|travail)|appart\w*|"
        r"salaire|apartment|salary|diploma|diplome|move out|demenag\w*)\b",
    ),
    # --- sorry for everything, then a bare goodbye, each a whole clause
    rule_of(
        "sorry_then_bye",
        "sorry|pardon|desole",
        r"\| (?:i am )?(?:so )?(?:sorry for everything|pardon pour tout|(?:je suis )?desolee? "
        r"pour tout) \| (?:bye|goodbye|adieu|ciao|bye all|bye everyone|au revoir)(?: tout le "
        r"monde| all| everyone)? \|",
        "farewell",
        URGENT,
        person=Person.SELF,
        negatable=False,
        exclude=SEE_YOU,
    ),
)
