"""Risk rules: the general and indirect forms (a wish, a readiness or
a desert then dying; refusing rescue; means bought or looked up; "it is time"; "nice
knowing you"…), written from fresh sentences the first rules missed.

See ``risk_rules`` for what a rule says and how the model reads it.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import (
    GUN,
    MEANS,
    NUISANCE,
    PILLS_ANY,
    PLACES,
    PURPOSE,
    ROPE,
    SEE_YOU,
    SOCIAL,
    URGENT,
    G,
    Person,
    Rule,
    rule_of,
)

# Leaving an event early or unseen is no burden: "if i left the party early nobody would
# notice".
_LEFT_EARLY = (
    r"\b(?:party|parties|fete|soiree|class|meeting|reunion|early|plus tot|en avance|wedding|"
    r"mariage|dinner|diner|group chat|left (?:the|work|school|class)|partais (?:de la|du|plus "
    r"tot))\b"
)

RULES: tuple[Rule, ...] = (
    # A wish, a readiness or a desert, then dying, in a few words: the general form of the
    # phrasings above ("I'm ready to die", "je merite de mourir", "tempted to end it all").
    rule_of(
        "desire_then_death",
        "want|wish|hope|ready|deserve|tempt|prefer|rather|need|long|veux|voudrais|aimerais|"
        "envie|pret|merite|souhaite|espere|besoin|tente|feel|give|donnerais|prefer|should|devrais|"
        "might|autant",
        r"\b(?:want|wanted|wants|wanting|wish|hope|ready|deserve|deserves|tempted|prefer|"
        r"rather|need|longing|feel like|give anything|donnerais tout pour|prefererais|preferais|"
        r"should|devrais|might as well|autant|"
        r"veux|voudrais|aimerais|"
        r"envie|prete?|prets|merite|souhaite|"
        r"espere|prefere|besoin|tentee?) (?:to |de |a |d )?(?:" + G + r"{0,3})?(?:die|be dead|"
        r"overdose|od|mourir|crever|me tuer|me suicider|en finir(?! avec (?!la vie|tout|moi))|"
        r"faire une (?:overdose|od)|"
        r"tout arreter (?:pour de bon|pour toujours|definitivement)|end it all|end my life|"
        r"kill myself|etre morte?|ending it all|ending it|ending my life|killing myself|dying|"
        r"stop existing|arreter de exister|ne plus exister|plus exister|not exist|not be alive|"
        r"stop living|arreter de vivre|"
        r"ne plus etre en vie|plus etre en vie|ne pas etre en vie|not be here|ne plus etre la)\b",
        "wish_to_die",
    ),
    rule_of(
        "better_when_dead",
        "easier|better|simpler|simple|mieux|happier|heureu|off|relieved|soulag",
        r"\b(?:(?:easier|better|simpler|happier|relieved|plus simple|mieux|plus facile|"
        r"plus heureu\w*|soulagee?s?) "
        r"(?:\w+ ){0,3}(?:if i|si je) (?:\w+ ){0,1}(?:died|was dead|was gone|were gone|were dead|"
        r"vanished(?! from| for)|disappeared(?! from| for)|was not around|were not around|"
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
        # The one who would be gone is always the writer ("if I", "si je"), whoever would be
        # better off: "my family would be happier if I disappeared" is no third person.
        person=Person.SELF,
    ),
    rule_of(
        "no_one_would_miss_me",
        "no one|nobody|personne",
        r"\b(?:no one|nobody) (?:\w+ ){0,2}(?:would|will) (?:even )?(?:miss me|notice|care)"
        # missed at an event one skips ("nobody would miss me at the party") is no burden
        r"(?! (?:at|in|during|from) (?:the|a|my|this|that|class|work|school)\b)|"
        r"personne (?:ne )?(?:me )?(?:regretterait|remarquerait|manquerait|pleurerait|verrait la "
        r"difference)\b",
        "hopelessness",
        negatable=False,
        exclude=_LEFT_EARLY,
    ),
    rule_of(
        "no_one_would_notice",
        "no one|nobody|personne",
        r"\b(?:no one|nobody|personne) (?:\w+ ){0,3}(?:notice|care|miss|remarquer\w*|verrait|"
        r"regretter\w*|rendrait compte|manquer\w*|pleurer\w*) (?:\w+ ){0,3}(?:if i|si je) "
        r"(?:\w+ ){0,2}(?:was gone|were gone|died|was dead|plus la|mourais|etais morte?|"
        r"disparaissais|ne etais plus la|disappeared|partais|etais partie?|left)\b",
        "hopelessness",
        negatable=False,
        exclude=_LEFT_EARLY,
    ),
    rule_of(
        "no_point_living",
        "point|interet|sens",
        r"\b(?:see|vois) (?:\w+ ){0,2}(?:point|interet|sens) (?:in|of|de|a) (?:living|life|"
        r"vivre|la vie|continuer|going on|being alive|etre en vie)\b",
        "hopelessness",
        negatable=False,
    ),
    rule_of(
        "pain_stop_forever",
        "stop|arrete",
        r"\b(?:pain|douleur|souffrance|it|everything|tout|hurting) (?:\w+ ){0,1}(?:to stop|"
        r"se arrete|arrete|stops) (?:forever|for good|permanently|pour toujours|pour de bon|"
        r"definitivement)\b",
        "wish_to_die",
        negatable=False,
        exclude=NUISANCE,
    ),
    rule_of(
        "something_stupid",
        "stupid|connerie|betise|dumb|bad|something",
        r"\b(?:do|doing|faire|fasse|fais) (?:something|une|des|un truc) (?:stupid|dumb|bad|"
        r"conneries?|betises?)\b",
        "active_thoughts",
        timed=True,
    ),
    rule_of(
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
    rule_of(
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
    rule_of(
        "means_and_plan",
        "plan",
        rf"\b(?:{MEANS}|{GUN}|{ROPE}) (?:and|et) (?:a|un) plan\b",
        "method plan",
        URGENT,
    ),
    rule_of(
        "into_the_sea",
        "walk|sea|ocean|mer|river|riviere|lac|fleuve|lake|voiture|car|driv|tree|wall",
        r"\b(?:walk\w* into the (?:sea|ocean|river|lake|water)|(?:marcher|aller|entrer) dans "
        r"(?:la mer|le ocean|la riviere|le lac|le fleuve)|(?:jeter|lancer|foncer avec|crasher) "
        r"ma voiture (?:contre|dans|sur) (?:un|une|le|la)|(?:crash\w*|drive|driving) (?:my "
        r"car )?(?:on purpose|into (?:a|the) (?:tree|wall|river|sea)|off (?:a|the) (?:cliff|"
        r"bridge))|me crasher (?:en voiture )?(?:expres|contre))\b",
        "active_thoughts method",
        timed=True,
        # a swim: "walked into the sea for a swim"
        exclude=r"\b(?:swim\w*|nager|baignade|baigner|surf\w*|paddle|kayak|snorkel\w*)\b",
    ),
    rule_of(
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
    rule_of(
        "it_is_time",
        "time|heure|moment",
        r"(?:\| (?:it is|ce est) (?:time|l heure|le moment)(?: now| maintenant)? \|)",
        "plan",
        person=Person.SELF,
        weak=True,
    ),
    rule_of(
        "i_am_done",
        "done|fini",
        r"(?:\| (?:i am|je suis|je en ai) (?:so |completely )?(?:done|fini)(?: with everything| "
        r"avec tout)? \|)",
        "hopelessness",
        person=Person.SELF,
        weak=True,
    ),
    rule_of(
        "my_letter",
        "written|wrote|ecrit|left|laisse",
        r"\b(?:(?:written|wrote) my (?:note|letter|last letter)|ecrit ma (?:lettre|note|derniere "
        r"lettre)|(?:written|wrote|left) (?:a|one|the) (?:note|letter) (?:for|to) (?:my|each of "
        r"my) (?:mum|mom|dad|parents|family|kids|children|sister|brother|wife|husband|partner)|"
        r"(?:ecrit|laisse) (?:une|la) (?:lettre|note|mot) (?:pour|a) (?:ma|mon|mes) (?:mere|"
        r"maman|pere|papa|parents|famille|enfants|soeur|frere|femme|mari))\b",
        "preparation",
        URGENT,
        weak=True,
    ),
    rule_of(
        "not_good_enough",
        "good|assez|jamais|never",
        r"\b(?:(?:never|jamais) (?:be |etre )?(?:good enough|assez bien)|will never be enough)\b",
        "hopelessness",
        weak=True,
    ),
    rule_of(
        "nothing_changes",
        "nothing|rien|change",
        r"\b(?:nothing (?:will |is going to )?(?:ever )?change|(?:rien|ca) (?:ne )?changera "
        r"jamais|rien ne change jamais|nothing ever changes)\b",
        "hopelessness",
        negatable=False,
    ),
    rule_of(
        "what_is_the_point",
        "point|quoi",
        r"(?:(?:what is the point|a quoi ca sert|a quoi bon)(?: anyway| de toute facon)? \|)",
        "hopelessness",
        negatable=False,
        weak=True,
    ),
    rule_of(
        "crossing_my_mind",
        "mind|esprit|tete",
        r"\b(?:ending it|ending my life|ending things|killing myself|suicide|dying|en finir|"
        r"me tuer|"
        r"me suicider|mourir|la mort) (?:" + G + r"){0,3}(?:crossing|crosses|crossed|on|in) my "
        r"mind|"
        r"(?:en finir|me tuer|me suicider|mourir|la mort|le suicide) (?:\w+ ){0,3}(?:traverse|"
        r"trotte dans) (?:le esprit|la tete)",
        "active_thoughts",
    ),
    rule_of(
        "afraid_of_myself",
        "scared|afraid|worried|peur|protect|proteger|safe",
        r"\b(?:(?:scared|afraid|worried|terrified) (?:of )?what i (?:might|could|will|would|am "
        r"going to) do(?: to myself)?|peur de ce que je (?:pourrais|vais|risque de) (?:me )?faire|"
        r"(?:protect|keep) myself (?:safe )?from myself|(?:me )?proteger de moi meme)\b",
        "active_thoughts",
        negatable=False,
        timed=True,
    ),
    rule_of(
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
    rule_of(
        "heaven",
        "heaven|ciel|haut|autre cote",
        r"\b(?:be with|join|see|rejoindre|retrouver|etre avec) (?:my|ma|mon|mes) (?:\w+ ){1,2}"
        r"(?:in heaven|up there|au ciel|la haut|de le autre cote)\b",
        "wish_to_die",
    ),
    rule_of(
        "bought_pills",
        "bought|buying|achete",
        r"\b(?:bought|buying|achete|acheter) (?:a lot of|lots of|loads of|plein de|beaucoup de|"
        r"several boxes of|plusieurs boites de|\d+ boxes of|\d+ boites de|enough) "
        + PILLS_ANY
        + r"\b",
        "preparation",
        URGENT,
        exclude=r"\b(?:first aid|trousse|pharmacie de la maison|for the family|pour la famille|"
        r"prescription|ordonnance)\b",
    ),
    rule_of(
        "looked_up_heights",
        "looked|searched|googled|cherche|recherche",
        r"\b(?:looked up|searched|googled|cherche|recherche) (?:\w+ ){0,3}(?:tallest|highest|"
        r"plus haut|plus haute) (?:bridge|building|pont|immeuble|tour|cliff|falaise) (?:\w+ ){0,2}"
        r"(?:near me|nearby|around here|pres de chez moi|dans le coin|dans ma ville|in my city|"
        r"le plus proche)\b|\b(?:cherche|recherche) (?:\w+ ){0,2}(?:pont|immeuble|tour|falaise) le "
        r"plus (?:haut|haute) (?:\w+ ){0,2}(?:pres de chez moi|dans le coin|dans ma ville)\b",
        "active_thoughts method",
    ),
    rule_of(
        "rope_at_home",
        "noose|rope|corde",
        r"\b(?:(?:have|got|ai) (?:a |une )?(?:noose|noeud coulant)|(?:have|got|ai) (?:a |une )?"
        r"(?:rope|corde)(?! (?:a sauter|for|pour|de)\b) (?:in|under|dans|sous) (?:my|mon|ma) "
        r"(?:closet|room|bed|car|placard|chambre|lit|voiture|armoire))\b",
        "method preparation",
        URGENT,
        exclude=PURPOSE,
    ),
    rule_of(
        "pills_and_symptoms",
        "took|taken|swallow|pris|avale|after|apres|many|spinning|tourne|dizzy|woozy|sleepy|drowsy|"
        "feel|sens|vertige|bizarre|vomi|sommeil|vomis|vomi|throwing|puking|being sick|chugged|"
        "drank|downed|bu|heart|coeur|palpitation|breathe|respire",
        r"\b(?:(?:took|taken|swallowed|pris|avale|chugged|drank|downed|bu) (?:\w+ ){0,10}"
        + PILLS_ANY
        + r" (?:(?:\w+|\|) )"
        r"{0,10}(?:do not know how many|how many(?= \|)|sais pas combien|everything is spinning|"
        r"tout tourne|"
        r"dizzy|woozy|sleepy|drowsy|cannot feel|sens plus|vertiges?|je me sens partir|feel weird|"
        r"bizarre|vomit\w*|vomir|vomis|vomi|throwing up|puking|being sick|getting sleepy|sommeil|"
        r"heart is racing|heart racing|coeur (?:qui )?se emballe|coeur bat (?:trop )?vite|"
        r"palpitations|cannot breathe|respire mal)|"
        r"(?:cannot feel|sens plus|sens pas|dizzy|"
        r"tout tourne) (?:\w+ ){0,3}(?:after|apres) (?:the|my|les|mes) " + PILLS_ANY + r")\b",
        "attempt",
        URGENT,
        reaches_back=2,
    ),
    rule_of(
        "wanted_it_to_hurt",
        "hurt|mal",
        r"\b(?:(?:wanted|want|need|needed) (?:it |myself )?to hurt(?! less)|(?:voulais|veux|besoin "
        r"de|envie de) avoir mal(?! moins))\b",
        "self_harm",
    ),
    rule_of(
        "no_one_will_find_me",
        "find|retrouv|trouv",
        r"\b(?:(?:no one|nobody) (?:will|is going to) (?:ever )?find me|personne (?:ne )?me "
        r"(?:retrouvera|trouvera))\b(?! (?:in|here|dans|ici|la)\b)",
        "active_thoughts",
        timed=True,
    ),
    rule_of(
        "everything_needed",
        "everything|all|tout",
        r"\b(?:(?:have|got) (?:everything|all) (?:i need|that i need|what i need) to (?:do it|end "
        r"it|kill myself)|(?:ai|j ai) tout ce que (?:il|je) (?:faut|me faut) pour (?:le faire|en "
        r"finir|me tuer))\b",
        "method preparation",
        URGENT,
        negatable=False,
    ),
    rule_of(
        "planned_with_means",
        "note|pills|letter|lettre|cachets|rope|corde|gun|medocs|meds",
        r"\b(?:all planned|planned out|tout est prevu|tout prevu|everything is planned|it is "
        r"planned|all worked out|tout organise|tout est organise) (?:(?:\w+|\|) ){0,10}(?:note|"
        r"pills|letter|lettre|cachets|rope|corde|gun|medocs|meds)\b",
        "plan preparation",
        URGENT,
        reaches_back=3,
    ),
    rule_of(
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
    rule_of(
        "do_not_call",
        "call|appel|choice|choix",
        r"\b(?:(?:do not|dont) call (?:anyone|the police|911|999|112|an ambulance|someone|"
        r"anybody)|(?:appelez|appelle|appeler) personne|ne appelez personne)\b",
        "plan",
        URGENT,
        negatable=False,
        weak=True,
    ),
    rule_of(
        "my_choice",
        "choice|choix",
        r"\b(?:(?:it is|ce est) my (?:choice|decision)|ce est mon choix|ce est ma decision)\b",
        "plan",
        URGENT,
        negatable=False,
        weak=True,
    ),
    rule_of(
        "not_scared_of_dying",
        "scared|afraid|peur",
        r"\b(?:(?:not|no longer) (?:scared|afraid) (?:of|to) (?:dying|death|die)|(?:plus|pas) "
        r"peur de (?:mourir|la mort))\b",
        "wish_to_die",
        negatable=False,
    ),
    rule_of(
        "what_if_i_died",
        "what if|et si",
        r"\b(?:what if i (?:\w+ ){0,1}(?:did not|never|do not|would not) wake up|what if i "
        r"(?:just )?died|et si je (?:ne )?me reveillais (?:\w+ ){0,1}(?:pas|plus|jamais)|et si je "
        r"mourais)\b",
        "wish_to_die",
        negatable=False,
    ),
    rule_of(
        "jump_thought",
        "jump|saut|jeter",
        r"\b(?:think\w* (?:of|about)|pense a|envie de|want to|wanna|going to|vais|tempted to) "
        r"(?:jumping|jump|sauter|me jeter)(?! (?:in|into|on|onto|dans|sur|au|a la|le pas|de joie|"
        r"en parachute|rope|at|for|up|the gun)\b)",
        "active_thoughts method",
        timed=True,
    ),
    rule_of(
        "jump_at_a_place",
        "jump|saut|jeter",
        r"\b" + PLACES + r" (?:(?:\w+|\|) ){0,8}(?:think\w* (?:of|about)|pense a|envie de|"
        r"want to|wanna|going to|vais|tempted to) (?:jumping|jump|sauter|me jeter)(?! (?:in|into|"
        r"on|onto|dans|sur|au|a la|le pas|de joie|en parachute|rope|for|up)\b)",
        "attempt method",
        URGENT,
        reaches_back=2,
    ),
    rule_of(
        "all_of_them",
        "all|tous|toutes|every",
        r"\b(?:took|taken|swallowed|pris|avale) (?:my|mes|the|les) " + PILLS_ANY + r" (?:\| )?"
        r"(?:all of them|tous|toutes|every (?:single )?one)\b",
        "attempt",
        URGENT,
        reaches_back=1,
    ),
    rule_of(
        "no_one_cares",
        "no one|nobody|personne",
        r"\b(?:no one|nobody|personne) (?:\w+ ){0,3}(?:cares?|se en fiche|se en fout|en a rien a "
        r"faire) (?:\w+ ){0,3}(?:if i|whether i|que je) (?:live or die|vive ou (?:que je )?meure|"
        r"die|meure|meurs|vis ou)\b",
        "hopelessness",
        negatable=False,
    ),
    rule_of(
        "will_to_live",
        "will|envie|gout|desire|reason|hope|espoir",
        r"\b(?:(?:losing|lost|lose|perds|perdu) (?:the |my |le |la |l )?(?:will|envie|gout|desire|"
        r"reason) (?:to|de|a) (?:live|vivre|la vie)|(?:lost|perdu) (?:all|tout|every|tous) "
        r"(?:hope|espoir)(?! (?:for|pour|in|en|dans)\b))\b",
        "hopelessness",
        negatable=False,
    ),
    rule_of(
        "never_happy",
        "never|jamais",
        r"\b(?:(?:never|jamais) (?:going to |gonna )?(?:be |etre )?(?:happy|heureuse?|ok|okay|"
        r"bien))\b",
        "hopelessness",
        negatable=False,
        weak=True,
    ),
    rule_of(
        "no_point_trying",
        "point|sert|peine",
        r"\b(?:no point (?:in )?trying|(?:ca )?(?:ne )?sert a rien de essayer|pas la peine de "
        r"essayer)\b",
        "hopelessness",
        negatable=False,
        weak=True,
    ),
    rule_of(
        "not_coming_back",
        "coming back|reviendrai|come back|return",
        r"\b(?:(?:not|never) coming back|(?:will not|wo not|never) (?:be )?(?:coming|come) back|"
        r"(?:ne )?reviendrai (?:pas|jamais|plus)|(?:will not|never) return)\b(?! (?:to|a|au|"
        r"dans|in|here|ici)\b)",
        "farewell",
        URGENT,
        negatable=False,
        weak=True,
        # "wish I could disappear and never come back" is a wish, read by the wish rules: no
        # goodbye has been said.
        exclude=r"\b(?:wish|want to|wanna|would like to|aimerais|voudrais|veux) (?:\w+ ){0,3}"
        r"(?:disappear|vanish|run away|go away|leave|disparaitre|partir|fuir|me en aller) "
        r"(?:and|et)\b",
    ),
    rule_of(
        "heading_to_heights",
        "cliff|bridge|falaise|pont|sea|mer|tracks|rails",
        r"\b(?:driving|going|heading|walking|roule|vais|marche|en route) (?:\w+ ){0,1}(?:to|"
        r"towards|vers|a la|au|jusque au|jusqu au) (?:the |les |la |le )?(?:cliffs?|bridge|"
        r"falaises?|pont|sea|mer|tracks|rails|voie ferree)\b",
        "method",
        URGENT,
        weak=True,
        exclude=SOCIAL,
    ),
    rule_of(
        "rope_hanging",
        "rope|noose|corde|noeud",
        r"\b(?:rope|noose|corde|noeud) (?:\w+ ){0,2}(?:hanging|tied|attached|hung|accrochee?|"
        r"attachee?|pendue?|fixee?) (?:from|to|on|au|a la|a le|sur) (?:the |my |le |la |mon |ma )?"
        r"(?:\w+ ){0,2}(?:ceiling|fan|beam|rafter|door|plafond|ventilateur|poutre|porte|"
        r"barre|rail)\b",
        "method preparation",
        URGENT,
        exclude=PURPOSE,
    ),
    rule_of(
        "nice_knowing_you",
        "knowing|connaitre",
        r"\b(?:(?:it has been|it was|been) nice knowing (?:you|y all)|(?:ce etait|ca a ete) "
        r"(?:bien|un plaisir|cool) de (?:vous|te) connaitre)\b",
        "farewell",
        URGENT,
        exclude=SEE_YOU
        + r"|\b(?:job|boulot|travail|retraite|retirement|good luck|bonne chance|move|"
        r"moving|demenag\w*|new|nouveau|nouvelle)\b",
    ),
    rule_of(
        "passwords",
        "password|mot de passe|mots de passe|codes",
        r"\b(?:(?:left|gave|given|sent|laisse|donne|envoye) (?:\w+ ){0,2}(?:my|mes) "
        r"(?:passwords|mots de passe|codes)|(?:my|mes) (?:passwords|mots de passe) (?:\w+ ){0,3}"
        r"(?:to|a) (?:my|ma|mon) \w+)\b",
        "preparation",
        URGENT,
        weak=True,
    ),
    rule_of(
        "fine_not_waking",
        "wake|reveill",
        r"\b(?:(?:fine|ok|okay|mind|happy|glad|derangerait pas|serait pas grave|ca irait) (?:\w+ )"
        r"{0,3}(?:if i|si je|de|que je) (?:\w+ ){0,2}(?:did not|never|do not|would not|pas|ne pas|"
        r"plus|ne plus|ne me) ?(?:wake up|me reveiller|me reveillais|reveille))\b(?! (?:early|tot|"
        r"before|avant|at|a|in time|on time|for)\b)",
        "wish_to_die",
        negatable=False,
    ),
    rule_of(
        "took_too_much",
        "took|taken|swallowed|had|pris|avale|trop",
        r"\b(?:(?:took|taken|swallowed|had) (?:way )?too (?:much|many)(?! (?:time|food|sugar|"
        r"coffee|photos|pictures|selfies|notes|shots|drinks|classes|days)\b)|(?:en )?ai (?:pris|"
        r"avale) trop(?! de (?:temps|photos|sucre|cafe|notes|cours)\b)|(?:en )?ai trop (?:pris|"
        r"avale)(?! de (?:temps|photos|sucre|cafe)\b))",
        "attempt",
        URGENT,
    ),
    rule_of(
        "do_not_deserve_to_live",
        "deserve|merite",
        r"\b(?:(?:do not|dont|does not) deserve to (?:live|be alive|exist|be here)|(?:ne )?merite "
        r"(?:pas|plus) de (?:vivre|exister|etre en vie|etre la))\b",
        "hopelessness",
        negatable=False,
    ),
    rule_of(
        "when_all_asleep_fr",
        "ferai|faire|fais|do it|doing it",
        # Acting once the house is empty or asleep, in either order, French or English:
        # "quand mes parents partent au boulot demain je le fais", "once everyone's asleep
        # I'm doing it".
        r"\b(?:(?:je le ferai|je vais le faire|je le fais) (?:\w+ ){{0,2}}(?:{when_fr})|"
        r"(?:{when_fr}) (?:\w+ ){{0,4}}(?:\| )?(?:je le ferai|je vais le faire|je le fais)|"
        r"(?:i will do it|i am doing it|i am going to do it|i do it) (?:\w+ ){{0,2}}"
        r"(?:{when_en})|(?:{when_en}) (?:\w+ ){{0,4}}(?:\| )?(?:i will do it|i am doing it|"
        r"i am going to do it|i do it))\b".format(
            when_fr=r"(?:quand|des que|une fois que) (?:tout le monde|ils|elles|mes parents|ma "
            r"famille|mon mari|ma femme|mes colocs) (?:dormira|dormiront|dort|dorment|sera "
            r"couchee?|seront couches|partira|partiront|part|partent|sera parti|seront partis|"
            r"est parti|sont partis|sera sortie?|seront sortis)",
            when_en=r"(?:when|once|as soon as) (?:everyones?|everybody|they|my parents|my family|"
            r"my wife|my husband|my roommates?|mum|mom|dad) (?:is |are |has |have )?(?:asleep|"
            r"sleeping|gone|leave|leaves|left|out|go out|goes out|go to work|goes to work|"
            r"fall asleep|falls asleep|goes to bed|go to bed)",
        ),
        "plan",
        URGENT,
        person=Person.SELF,
        # What one does with the house to oneself: a party, a game, the cleaning.
        exclude=r"\b(?:party|parties|fete|soiree|clean\w*|menage|game|games|jeu|jeux|homework|"
        r"devoirs|movie|film|lol|mdr|ptdr|haha\w*|gateau|cake|surprise)\b",
    ),
    rule_of(
        "veins_opened",
        "veines|poignets|veins|wrists",
        r"\b(?:me suis (?:\w+ )?(?:ouvert|ouverte|taillade|tailladee|coupe|coupee) les "
        r"(?:veines|poignets)|(?:slit|slashed|opened|cut open) my (?:wrists?|veins))\b",
        "attempt self_harm",
        URGENT,
    ),
    rule_of(
        "end_for_me",
        "end|fin",
        r"\b(?:(?:this|it) is the end (?:for|of) me|ce est la fin (?:pour|de) moi)\b",
        "hopelessness",
    ),
)
