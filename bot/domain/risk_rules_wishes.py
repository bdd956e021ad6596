"""Risk rules: wishes to die, to disappear, not to wake up.

See ``risk_rules`` for what a rule says and how the model reads it.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import (
    NUISANCE,
    G,
    Rule,
    rule_of,
)

# Waking someone else ("hope I don't wake up the baby") or waking with something ("with a
# hangover"): "wake up" with an object.
WAKE_SOMEONE = (
    r"\bwake up (?:the|my|his|her|him|them|everyone|anyone|anybody|you|us|with (?:a|an|my|"
    r"another|that|this))\b"
)

RULES: tuple[Rule, ...] = (
    # --- wish to die, to disappear, not to wake up
    rule_of(
        "want_to_die_en",
        "die|dead|gone|unalive|disappear|vanish|exist|sleep|wake|born|alive|death|here|cease",
        rf"\b(?:want|wanted|wants|wanting|wish|wishing|need|needs|ready|deserve|hope|pray|"
        rf"praying|rather|prefer|long|longing) (?:to )?(?:{G}{{0,2}})?(?:die|be dead|be gone|"
        rf"dead|be unalive|unalive|disappear|vanish|stop existing|not exist|cease to exist|"
        rf"not be here|sleep forever|sleep and never wake up|never wake up|not wake up|"
        rf"fall asleep and (?:never|not) wake up)\b(?! (?:under|into|for a|for the|until|from|to|"
        rf"on|at|in a|somewhere|late|early|in time|too (?:late|early)|before|after|"
        rf"off|of (?:laughter|boredom))\b)",
        "wish_to_die",
        exclude=WAKE_SOMEONE,
    ),
    rule_of(
        "wish_i_were_dead",
        "wish|hope|pray|rather|hoping",
        r"\b(?:wish|wished|hope|hoping|pray|praying|rather) (?:\w+ ){0,3}?(?:that )?(?:i|id|"
        r"i would|"
        r"i could|"
        r"i will|i might) "
        r"(?:\w+ ){0,5}(?:was dead|die in my sleep|never born|never been born|not born|were dead|"
        r"be dead|die|died|dead|wake up|been born|was born|were born|was not alive|were not "
        r"alive|was gone|were gone|not exist|vanish|disappear)\b(?! (?:to|on|at|in|into|from|for|"
        r"somewhere|late|early|in time|too (?:late|early)|before|after)\b)",
        "wish_to_die",
        negatable=False,
        exclude=WAKE_SOMEONE,
    ),
    rule_of(
        "hit_by",
        "hit by|run over|renverser|ecraser|percuter|renverse par",
        r"\b(?:wish|hope|pray|want|aimerais|voudrais|souhaite|espere|envie de|veux) "
        r"(?:\w+ ){0,4}(?:hit by|run over by|renverser par|ecraser par|percuter par)\b",
        "wish_to_die",
        negatable=False,
    ),
    rule_of(
        "hit_by_wish",
        "hit|kill|run|renverse|ecrase|percute",
        rf"\b(?:wish|hope|pray|aimerais|voudrais|souhaite|envie) (?:{G}{{0,4}})?(?:a |une |un )?"
        r"(?:car|bus|truck|train|voiture|camion) (?:would |will |could )?(?:hit|kill|run over|"
        r"me renverse|me ecrase|me percute)\b",
        "wish_to_die",
        negatable=False,
    ),
    rule_of(
        "not_want_to_live_en",
        "not|tired|sick|done|over|stop|want",
        rf"\b(?:do not|does not|no longer|not) (?:{G})?(?:want|wish|care|feel like) (?:to )?"
        rf"(?:{G})?(?:be here|live|exist|be alive|wake up|go on|be around|keep living|keep going|"
        r"stay alive|survive)\b(?! (?:here|there|in|with (?:my|them|him|her)|at)\b)|"
        # "I don't see why I should keep living": no reason left, said as a question.
        r"\b(?:do not|cannot|can not) see (?:why|the point of|any reason|a reason|what reason) "
        r"(?:i should |i would |to |for me to |i have to |in )?(?:keep living|keep going|go on|"
        r"living|be alive|stay alive|carry on|be here|exist|existing)\b|"
        r"\b(?:tired|sick|weary|done) (?:of|with) (?:being alive|living|life|existing|"
        r"this life)\b(?! (?:on|with|like|off|in|at|here|there|as a|under|out of|paycheck)\b)|"
        r"\bwant (?:it|everything|it all|this|"
        r"all of this) (?:all )?to (?:stop|end|"
        r"be over)(?: forever| permanently| for good)?\b|\b(?:everything|it all|it) to stop "
        r"(?:forever|permanently|for good)\b",
        "wish_to_die",
        negatable=False,
        exclude=r"\b(?:comfy|cozy|cosy|so warm|lazy|trop bien|confortable)\b|" + NUISANCE,
    ),
    rule_of(
        "never_wake_up",
        "wake|reveiller|sleep|asleep|endormir|dormir|sleep|asleep|endormir|dormir",
        r"\b(?:(?:sleep|asleep|endormir|dormir) (?:forever|for good|pour toujours|pour de bon)|"
        r"(?:sleep|asleep|endormir|dormir) (?:and|et) (?:never|not|ne pas|ne plus|jamais|"
        r"plus|pas) (?:ever |jamais )?(?:wake up|me reveiller|me reveille|reveiller))\b",
        "wish_to_die",
        negatable=False,
    ),
    rule_of(
        "wish_not_to_wake",
        "give|pray|hope|wish|want|donnerais|prie|espere|voudrais|aimerais|souhaite|rather",
        r"\b(?:give anything|pray|hope|wish|want|would rather|donnerais (?:tout|nimporte quoi|"
        r"ce que)|prie|espere|voudrais|aimerais|souhaite) (?:\w+ ){0,4}?(?:to )?(?:just )?"
        r"(?:not wake up|never wake up|not to wake up|will not wake up|would not wake up|"
        r"do not wake up|(?:will not|would not|never) open my eyes|not open my eyes|"
        r"ne (?:pas|plus|jamais) me reveiller|ne (?:pas|plus) rouvrir les yeux|"
        r"(?:ne )?me reveille (?:pas|plus|jamais)|(?:ne )?rouvre (?:pas|plus|jamais) les yeux)\b"
        r"(?! (?:early|late|tot|tard|before|avant|at|a \d|until|for|pour|on|in time|a temps)\b)",
        "wish_to_die",
        negatable=False,
        exclude=r"\b(?:alarm|reveil|alarme|exam|exams|school|ecole|work|boulot|travail|"
        r"meeting|flight|vol|train|lundi|monday|weekend|lie in|grasse matinee|hangover|"
        r"gueule de bois|baby|bebe|en retard)\b",
    ),
    rule_of(
        "better_dead",
        "dead|better|mort|relief|soulagement|delivrance|death|gone|partie|parti",
        r"\b(?:better off dead|better off gone|rather be dead|be better dead|mieux (?:mort|morte|"
        r"partie?)|"
        rf"(?:prefere|preferais|prefererais|aimerais|voudrais|souhaite) (?:{G}{{0,1}})?etre "
        rf"(?:mort|morte)|death (?:sounds|seems|would be|feels) (?:{G}{{0,2}})?(?:relief|"
        rf"better|peaceful|easier|answer)|(?:la )?mort (?:serait|sera|me semble) (?:{G}{{0,1}})?"
        r"(?:soulagement|delivrance|mieux|plus simple|solution))\b",
        "wish_to_die",
    ),
    rule_of(
        "veux_mourir",
        "mour|crever|endormir|disparaitre|exister|reveil|morte|mort|etre la|vivre|nee|dormir|"
        "tout se|naitre|voulu",
        r"\b(?:envie|veux|veut|voulais|voudrais|aimerais|aimerai|prefere|prefererais|souhaite|"
        rf"besoin|reve|revais|prie|prier|hate|espere|esperais|voulu) (?:de |me |"
        rf"d )?(?:{G}{{0,2}})?(?:mourir|crever|"
        r"disparaitre|etre morte?|ne plus etre la|plus etre la|ne plus exister|plus exister|"
        r"dormir pour toujours|dormir pour de bon|ne jamais me reveiller|ne plus me reveiller|"
        r"me endormir pour toujours|me endormir pour de bon|me endormir a jamais|"
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
    rule_of(
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
)
