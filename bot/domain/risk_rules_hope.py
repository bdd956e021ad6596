"""Risk rules: hopelessness, feeling trapped or a burden; self-harm.

See ``risk_rules`` for what a rule says and how the model reads it.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import (
    ACCIDENT,
    G,
    Person,
    Rule,
    rule_of,
)

RULES: tuple[Rule, ...] = (
    # --- things will never get better for me
    rule_of(
        "never_better_for_me",
        "nothing|never|rien|jamais|changera|change|better|mieux|failure|loser|rate|nul|"
        "worthless|useless",
        r"\bnothing (?:ever )?(?:gets|will get|is going to get|going to get|will ever get|"
        r"ever gets) (?:any )?better for me\b|\brien (?:ne )?(?:va|ira|sera) jamais mieux pour "
        r"moi\b|\b(?:ca|rien) (?:ne )?(?:ira|va|sera|changera) jamais (?:mieux |s arranger )?"
        r"pour moi\b|\b(?:i am|i feel like|je suis|je me sens) (?:\w+ ){0,2}(?:failure|loser|"
        r"worthless|useless|waste of space|rate|ratee|nul|nulle|bon a rien|bonne a rien|merde)\b"
        r".*\b(?:(?:it|that|this|nothing) (?:is )?(?:never going to|will never) change|"
        r"(?:ca )?(?:ne )?changera jamais|will always be like this|sera toujours comme ca)\b",
        "hopelessness",
        negatable=False,
    ),
    # --- a burden, said the other ways round
    rule_of(
        "burden_said_otherwise",
        "deserve|merit|easier|relieved|lighter|leger|breathe|respir|soulag|weight|poids|boulet|"
        "happier",
        r"\b(?:deserves?|merite|meritent|merites) (?:\w+ ){0,3}?(?:better|meilleure?|mieux) "
        r"(?:\w+ ){0,2}(?:than me|que moi)\b|"
        r"\b(?:breathe easier|easier|relieved|lighter|happier|respireraient mieux|"
        r"respirerait mieux|soulages?|soulagee?s?|plus legers?|plus legeres?) (?:\w+ ){0,3}?"
        r"(?:if i (?:was|were) (?:not|no longer) (?:here|around|in the picture|alive|in their "
        r"lives|in the way)|if i (?:was|were) gone|sans moi)\b|"
        r"\b(?:feel like|i am|je suis|me sens comme|comme) (?:a |un |une )?(?:dead )?(?:weight|"
        r"poids|boulet) (?:\w+ ){0,2}(?:everyone|everybody|they|people|tout le monde|les "
        r"autres|ils|on|vous) (?:\w+ ){0,2}(?:drag\w*|carr\w*|traine\w*|porte\w*)\b",
        "hopelessness",
        # "sans moi", "than me", "if i was gone": the writer is the one in the way.
        person=Person.SELF,
        exclude=r"\b(?:bag|sac|suitcase|valise|backpack|luggage|bagage|course|shopping)\b",
    ),
    # --- hopelessness, feeling trapped, a burden
    rule_of(
        "burden",
        "burden|fardeau|poids|without me|sans moi|notice|remarquer|miss me|gone|plus la|care|"
        "verrait|regrett|rendrait|remarqu|happier|heureu|easier|simple|better|mieux|plus heureu",
        rf"\b(?:(?:am|was|being|feel like|such|nothing but|only) (?:{G}{{0,2}})?(?:a )?burden|"
        r"(?:un|une) (?:poids|fardeau)(?! (?:en moins|lourd a porter pour le))|"
        r"(?:better|happier|easier) (?:off )?without me|(?:mieux|plus heureu\w+|plus simple) "
        r"sans moi|(?:happier|better|easier|mieux|plus heureu\w+|plus simple) (?:\w+ ){0,2}"
        r"(?:if i|si je) (?:was|were|etais|ne etais)? ?(?:gone|dead|not here|not around|plus la|"
        r"morte?)|(?:no one|nobody|personne) (?:would|will|ne)? ?(?:even )?(?:notice|care|"
        rf"miss me|remarquerait|verrait|regretterait|se rendrait compte)\w* (?:{G}{{0,3}})?"
        rf"(?:if i|si je) (?:{G}{{0,2}})?(?:was gone|were gone|disappeared|died|was dead|"
        r"etais plus la|etais morte?|disparaissais|mourais|ne etais plus la))\b",
        "hopelessness",
    ),
    rule_of(
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
    rule_of(
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
    rule_of(
        "hopeless",
        "hopeless|desesp|trapped|piege|coince|stuck|worthless|waste|sers a rien|done with|useless|"
        "inutile|de trop|needs me|besoin de moi|matters|sens|way out|pointless|meaningless|vie|"
        "waste|perte|gachis|dechet",
        rf"\b(?:(?:feel|am|so|completely|totally|sens|suis) (?:{G}{{0,1}})?(?:hopeless|"
        rf"desesperee?)(?! at)|(?:feel|am|sens|suis) (?:{G}{{0,1}})?(?:trapped|piegee?|"
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
    rule_of(
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
        exclude=ACCIDENT,
    ),
    rule_of(
        "covered_in_cuts",
        "covered|couvert",
        r"\b(?:covered in (?:cuts|scars|burns|bruises)|couvert\w* de (?:coupures|cicatrices|"
        r"brulures|bleus|entailles))\b",
        "self_harm",
    ),
    rule_of(
        "self_harm_topic",
        "self|scarif|automutil|auto mutil",
        r"\b(?:self ?harm\w*|self injur\w*|self mutilat\w*|selfharm\w*|scarifi\w*|"
        r"automutil\w*|auto mutil\w*)",
        "self_harm",
        person=Person.TOPIC,
    ),
    rule_of(
        "self_harm_fr",
        "coup|brul|frapp|tape|griff|mutil|scarif|mal|priv|punir|puni|sang|saign|expres|"
        "entaill|lacer|recoup",
        rf"\b(?:me (?:suis )?(?:{G}{{0,1}})?(?:coup\w*|brul\w*|frapp\w*|"
        # "je me suis tapé un fou rire, une barre, la honte": to have, not to hit
        r"(?:tape|taper|tapais)(?! (?:un|une|des|du|la honte|le trajet|tout le)\b)|"
        r"griff\w*|mutil\w*|scarifi\w*|entaill\w*|lacer\w*|recoup\w*|punis|punir|prive de manger|"
        r"fais du mal|"
        r"faire du mal|fait du mal)|jusque au sang|"
        r"jusqu au sang|"
        r"jusque a saigner|expres)\b(?! (?:les cheveux|le doigt|la frange|les ongles)\b)",
        "self_harm",
        exclude=ACCIDENT,
    ),
)
