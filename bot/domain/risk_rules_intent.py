"""Risk rules: intent (going to, about to, decided to) and active
thoughts of suicide.

See ``risk_rules`` for what a rule says and how the model reads it.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import (
    END_IT_EN,
    HEIGHT,
    INTENT_EN,
    INTENT_FR,
    KILL_SELF_EN,
    KILL_SELF_FR,
    MEANS,
    PILLS_EN,
    PILLS_FR,
    PURPOSE,
    URGENT,
    G,
    Person,
    Rule,
    rule_of,
)

# Attempts counted by a clinician on a shift ("trois tentatives de suicide cette nuit en
# réa", "three suicide attempts in the ICU"): work, not the writer's own.
_WORK_ATTEMPTS = (
    r"\b(?:deux|trois|quatre|cinq|plusieurs|two|three|four|five|several|\d+) (?:tentatives|"
    r"suicide attempts|attempts|ts)\b(?=.*\b(?:en rea|reanimation|icu|urgences|the er|the ed|"
    r"on the ward|de garde|on call|shift|service)\b)|\b(?:en rea|reanimation|icu|urgences|"
    r"on the ward|de garde|on call)\b(?=.*\b(?:deux|trois|quatre|cinq|plusieurs|two|three|"
    r"four|five|several|\d+) (?:tentatives|suicide attempts|attempts|ts)\b)"
)
# A relative's suicide ("le suicide de mon oncle", "my uncle's suicide"): a death to grieve.
_RELATIVE_SUICIDE = (
    r"\bsuicide (?:de|du) (?:mon|ma|mes|son|sa|notre|leur) (?:oncle|tante|pere|mere|frere|"
    r"soeur|ami|amie|cousin|cousine|grand pere|grand mere|collegue|fils|fille|mari|femme)|"
    r"\b(?:my|his|her|our|their) (?:uncle|aunt|father|dad|mother|mum|mom|brother|sister|"
    r"friend|cousin|grandfather|grandpa|grandmother|grandma|colleague|son|daughter|husband|"
    r"wife) suicide\b"
)

RULES: tuple[Rule, ...] = (
    # --- intent: going to, about to, decided to (urgent: an announced act)
    rule_of(
        "intent_en",
        "kill|end|life|suicide|bus|kys|hang|shoot|slit|overdose|jump|do it|doing it|unalive|"
        "taking|catching|take|swallow|down|off|delet|drown|poison|suffocat|overdos|DRUGS|walk|yeet",
        rf"\b(?:{INTENT_EN} (?:{G}{{0,2}})?(?:{KILL_SELF_EN}|{END_IT_EN})|am (?:killing myself|"
        r"ending (?:it|it all|my life|things|everything)|about to do it(?= \|)|taking all|"
        r"jumping(?! (?:in|into|"
        r"on|onto|over|around|rope|at|for|up|through|ship|with|the (?:pool|lake|queue|gun))\b)|"
        r"hanging "
        r"myself|overdosing|catching the bus))\b",
        "plan",
        URGENT,
        person=Person.SELF,
        exclude=r"\b(?:(?:end|ending) (?:it|things) (?:off )?with|"
        r"do it (?:for|with) (?:you|me|him|her)|"
        # "doing it" said of a party one throws
        r"(?:do|doing) it (?:(?:\w+|\|) ){0,4}(?:house )?(?:party|parties|fete|soiree|rave|"
        r"sleepover)|"
        r"homework|essay|project|exam)\b",
    ),
    rule_of(
        "intent_fr",
        "tue|suicid|finir|foutre|pend|jeter|fin a|flinguer|noyer|veines|balle|overdose|"
        "surdose|acte|tentative| od| ts|fous|poignet|poison|mourir|terme|mets fin|mettrai|sauter|"
        "avaler|prendre|marcher|voiture|point",
        rf"\b{INTENT_FR} (?:{G}{{0,2}})?(?:{KILL_SELF_FR}|sauter (?:du|de un|de le|de la|"
        r"par la|sous|dans le vide)|avaler (?:tous|toutes|tout)|prendre (?:tous|toutes|tout) "
        r"(?:mes|les)|marcher dans la mer|jeter ma voiture)\b|\bsur le point de (?:le faire|"
        r"me tuer|en finir|passer a l acte|sauter|me suicider)\b",
        "plan",
        URGENT,
        person=Person.SELF,
        exclude=r"\ben finir avec (?!la vie|tout|moi|le existence)",
    ),
    rule_of(
        "plan_named",
        "plan|prevu|planned|planifie|planning|plans",
        rf"\b(?:plan|plans|planned|planning|un plan|mon plan|prevu|planifie) (?:{G}{{0,3}})?"
        r"(?:to kill myself|to end (?:my life|it)|to die|suicide|pour me (?:tuer|suicider)|"
        r"de me (?:tuer|suicider)|pour en finir|de en finir|mon suicide|ma mort|my death|"
        r"how i will do it|how to do it|how i am going to do it|comment le faire|comment je vais "
        r"le faire|comment faire)\b",
        "plan",
        URGENT,
        person=Person.SELF,
    ),
    # A decision said out loud ("c'est décidé", "I set a date"): urgent once a time is named.
    rule_of(
        "resolve",
        "decid|mind|planned|date|prevu|decision|sera fini|be over|organise|planifie|worked out",
        r"\b(?:(?:i have|i) decided|made up my mind|it is decided|all planned|have it all "
        r"planned|set a date|picked a date|chose the date|ce est decide|decision est prise|"
        r"(?<=\| )(?:moi )?(?:par contre )?je ai decide(?= \|)|"
        r"tout prevu|tout organise|tout planifie|all worked out|got it all worked out|"
        r"choisi la date|fixe la date|tout sera (?:fini|termine)|it will (?:all )?"
        r"be over)(?= \|| i am| i will| ce| je|$)",
        "plan",
        person=Person.SELF,
        timed=True,
        weak=True,
    ),
    rule_of(
        "set_a_date",
        "date",
        r"\b(?:set a date|picked a date|chose the date|chosen the date|choisi la date|fixe la "
        r"date|choisi le jour|picked the day)(?= \|)",
        "plan",
        person=Person.SELF,
        timed=True,
    ),
    rule_of(
        "acting_out",
        "acte|go through|going through",
        r"\b(?:(?:passe|passer|passerai|passerais) a l acte|go through with it|going through "
        r"with it)\b",
        "plan",
        timed=True,
    ),
    rule_of(
        "all_over",
        "sera fini|be over|sera termine",
        r"\b(?:tout sera (?:fini|termine)|it will (?:all )?be over)\b",
        "plan",
        person=Person.SELF,
        timed=True,
    ),
    rule_of(
        "act_now_fr",
        "en finis|saute|me pends|me tue|me suicide|prends|avale|DRUGS|mets fin",
        # "j'en finis avec mes révisions": a task brought to an end, not a life.
        rf"\b(?:(?:je en finis|en finis)(?! avec (?:mes|mon|ma|les|le|la|ce|cette|ces) (?!vie\b))|"
        r"je saute(?= \|)|je me pends|je me tue|je me suicide|"
        r"je mets fin a (?:tout|mes jours|ma vie)|"
        rf"je prends (?:tous|toutes|tout) (?:mes|les) {PILLS_FR}|je avale (?:tous|toutes|tout) "
        rf"(?:mes|les) {PILLS_FR})\b",
        "plan",
        person=Person.SELF,
        timed=True,
    ),
    rule_of(
        "do_it_timed",
        "do it|doing it|le fais|le ferai|le faire|end it",
        r"\b(?:do it|doing it|end it|le fais|le ferai|le faire)\b"
        r"(?! (?:en|de joie|le repas|des|une|un|le pas)\b)",
        "plan",
        person=Person.SELF,
        timed=True,
        weak=True,
        # searching how to do it is a thought, read by its own rule, not an act timed
        exclude=r"\b(?:ways|how|methods?|comment|moyens de) (?:to |of )?(?:do it|le faire)\b",
    ),
    # --- active thoughts
    rule_of(
        "thinking_how",
        "reflechi|pense|think|wonder|figur",
        r"\b(?:reflechis|pense|think\w*|wonder\w*|figuring out) (?:a |about )?(?:comment|how) "
        r"(?:je le ferais|je ferais ca|je pourrais le faire|i would do it|i would go about it|"
        r"i could do it|to do it|i would do that)\b",
        "active_thoughts plan",
        person=Person.SELF,
        exclude=PURPOSE,
    ),
    rule_of(
        "kill_self_en",
        "kill|unalive|end|off|hang|shoot|drown|poison|suffocate|delet|yeet",
        rf"\b{KILL_SELF_EN}\b",
        "active_thoughts",
        person=Person.SELF,
    ),
    rule_of(
        "kill_self_fr",
        "tue|suicid|finir|foutre|fous|pend|jeter|fin a|flinguer|noyer|veines|balle|terme|overdose|"
        "surdose|acte|tentative| od| ts|mets fin|mettrai",
        # "ce boulot va me tuer", "elle va me tuer": someone or something else does it.
        # (The look-ahead on first letters spares the look-behinds almost everywhere.)
        r"\b(?=[mefp])(?<!\bva )(?<!\bvont )(?<!\bveut )(?<!\ballait )(?<!\bvoulait )"
        rf"(?<!\bpourrait )(?<!\bvas )(?<!\bveulent ){KILL_SELF_FR}\b",
        "active_thoughts",
        person=Person.SELF,
        exclude=r"\ben finir avec (?!la vie|tout|moi|le existence)",
    ),
    rule_of(
        "end_life_en",
        "life|end it|end things|ending|kys|bus|suicide|end",
        r"\b(?:(?:end|ending|take|taking) my (?:own )?life|commit\w* suicide|"
        r"(?:want|wanted|wanting|need|urge|urges|think|thinking|thought|thoughts|might|should|"
        rf"ready|time|to) (?:to |of |about )?(?:{G}{{0,2}})?(?:end (?:it all|it|things|"
        r"everything)|ending (?:it all|it|things|everything))(?! with)|(?:catch|catching) the "
        r"bus(?! (?:to|at|home|from|into|for|back|in|because|this morning|again)\b)|"
        rf"(?:i|me|should|going to|want to|might|ready to|about to|to) (?:{G}{{0,2}})?kys)\b",
        "active_thoughts",
        person=Person.SELF,
    ),
    rule_of(
        "suicidal",
        "suicid",
        r"\b(?:suicidal|suicidaire|suicidaires|pensees? suicidaires?|idees? suicidaires?|"
        r"suicidal (?:thoughts?|ideation|feelings?|urges?))\b",
        "active_thoughts",
    ),
    rule_of(
        "think_of_dying",
        "think|thought|consider|fantas|dream|pens|idee|imagin|mind|crossing|obsess|songe",
        r"\b(?:think|thinking|thought|thoughts|considering|consider|considered|fantasi[sz]\w*|"
        rf"dream\w*|obsess\w*|pense|pensais|penser|pensees?|songe|imagine) (?:{G}{{0,2}})?"
        rf"(?:about |of |a |au |aux |de |que )?(?:{G}{{0,1}})?(?:suicide|dying|death|my own death|"
        r"my death|killing myself|ending it|ending my life|ending things|taking my (?:own )?life|"
        r"how i would do it|how to do it|le suicide|ma mort|la mort|me suicider|mourir|"
        rf"taking (?:all|every|the rest of|all of) (?:my |the )?{PILLS_EN}|overdosing|"
        r"jumping (?:off|from|in front)|hanging myself|how i would kill myself|"
        r"comment je me tuerais|comment me tuer|"
        r"en finir|me tuer)\b",
        "active_thoughts",
        exclude=_RELATIVE_SUICIDE,
    ),
    rule_of(
        "own_funeral",
        "funeral|enterrement|obseques",
        r"\b(?:my own|my|mon propre|mon|mes propres|mes) (?:funeral|enterrement|obseques)\b",
        "active_thoughts",
    ),
    rule_of(
        "dark_thoughts",
        "noires|noire",
        r"\bidees? noires?\b",
        "active_thoughts",
    ),
    rule_of(
        "suicide_topic",
        "suicid|self|automutil|auto mutil",
        r"\b(?:suicide|suicides|suicider|suicidee?|se suicider)\b",
        "active_thoughts",
        person=Person.TOPIC,
        exclude=_WORK_ATTEMPTS + "|" + _RELATIVE_SUICIDE,
    ),
    rule_of(
        "wants_suicide_fr",
        "vouloir|envie|partir",
        r"\b(?:vouloir (?:mourir|se tuer|se suicider|mettre fin a sa vie|en finir)|"
        r"partir pour (?:de bon|toujours))\b",
        "active_thoughts",
        person=Person.SELF,
        exclude=r"\b(?:poste|job|travail|boulot|canada|etranger|au |en (?!finir)|demenage\w*|"
        r"appart\w*|maison|vacances|voyage|pays|ville|ecole)\b",
    ),
    rule_of(
        "method_search",
        "how|way|comment|dose|lethal|mortel|painless|souffrir|many|combien",
        r"\b(?:(?:painless|easiest|quickest|best|fastest|quick|easy) ways? to (?:die|go|kill "
        r"myself|end it)|how (?:to|do i|can i|could i) (?:kill myself|die|end it|end my life|"
        rf"overdose)|how many {PILLS_EN} (?:\w+ ){{0,3}}(?:take|kill|die|lethal|fatal)|"
        rf"combien de {PILLS_FR} (?:\w+ ){{0,3}}(?:faudrait|faut|pour mourir|pour en finir|"
        r"mortel\w*)|lethal dose|fatal dose|"
        r"comment (?:mourir|me tuer|me suicider|en finir)|mourir sans souffrir|dose mortelle|"
        r"dose letale)\b",
        "active_thoughts method",
        # a dose asked for an ailment ("how many tylenol can i take for a headache")
        exclude=r"\b(?:headaches?|migraines?|fever|fievre|cramps|period|regles|tooth\w*|dents?|"
        r"mal de (?:tete|dos|dents|ventre|gorge)|back pain|sore|safely|safe|sans danger|per day|"
        r"a day|par jour|in a day|en une journee|cold|rhume|flu|grippe)\b",
    ),
    rule_of(
        "method_height",
        "jump|saut|jeter|bridge|pont|train|driv|drov|crash|front|throw|yeet",
        rf"\b(?:jump|jumping|jumped|throw myself|yeet myself|sauter|saute|sauterai|me jeter) "
        rf"(?:off|from|in front of|under|du|de le|de la|de un|par la|sous|devant) "
        rf"(?:{G}{{0,2}})?(?:{HEIGHT}|train|metro|bus|car|truck|voiture|camion|rer|tram)\b|"
        r"\b(?:drive|driving|drove|crash|crashing) (?:my car )?(?:into|off) (?:a |the )?"
        r"(?:wall|tree|truck|bridge|cliff|river)\b|\bstep\w* in front of (?:a |the )?"
        r"(?:train|bus|car|truck)\b",
        "active_thoughts method",
        timed=True,
        exclude=r"\b(?:diving board|plongeoir|into the (?:lake|pool|water)|dans le lac|"
        r"parachute|saut a le elastique|bungee|for fun|pour rire)\b",
    ),
    rule_of(
        "looking_at_means",
        "look|star|regard|fix|DRUGS",
        rf"\b(?:look\w*|star\w*|regard\w*|fixe\w*) (?:at )?(?:{G}{{0,2}})?{MEANS}\b",
        "active_thoughts method",
        weak=True,
    ),
    rule_of(
        "thinking_about_it",
        "about it|y pense|pense a ca",
        r"\b(?:think\w* about (?:it|doing it)|je y pense|pense a ca)\b",
        "active_thoughts",
        weak=True,
    ),
)
