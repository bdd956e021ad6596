"""Risk rules: signs said sideways, the way people write them in a chat when they do not name
suicide: a goodbye timed to be read too late ("by the time you read this I'll be gone"), being
gone by morning, no longer needing an appointment, "you won't have to put up with me", "this is
the end", a rope hung, a noose tied, an engine running in a garage, a means that has arrived,
the easy way out, asking for the least painful way or how many pills it takes, "is it normal to
think about killing yourself", nobody noticing if I died, disappearing for good, hitting walls
till they bleed, a deep cut bleeding now.

See ``risk_rules`` for what a rule says and how the model reads it.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import (
    ACCIDENT,
    PILLS_EN,
    PILLS_FR,
    PURPOSE,
    ROPE,
    SEE_YOU,
    URGENT,
    Person,
    Rule,
    rule_of,
)

# Being away for an ordinary reason: a trip, work, a stay somewhere.
_AWAY = (
    SEE_YOU + r"|\b(?:chez|pars|partirai|partons|deplacement|conge|stage|boulot|travail|"
    r"bureau|cours|ecole|lycee|fac|absente?|reunion|rdv|rendez vous|week end|weekend|aeroport|"
    r"airport|avion|flight|plane|mission|camp|festival|hospital|hopital|work|shift|office|"
    r"school|uni|asleep|sleeping|offline|hors ligne|dodo|dormir|dors)\b"
)
_WEEKDAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche)"
)

RULES: tuple[Rule, ...] = (
    # --- a goodbye timed to be read too late
    rule_of(
        "read_this_gone",
        "read|see|find|get|lir|lis|lit|verr|trouv|recev",
        r"\b(?:(?:by the time|when|if|once) (?:you|anyone|someone|somebody|your|people|"
        r"you all|y all) (?:are |\w+ )?(?:read|reads|reading|see|sees|seeing|find|finds|get|"
        r"gets|getting) (?:this|these|it|my message|my note|my letter)(?: message| note| post| "
        r"letter)? (?:\| )?(?:\w+ ){0,2}i (?:will be|will already be|am|am already|would be|"
        r"will have|have|shall be) (?:already |probably |long )?(?:gone|dead|not be here|"
        r"not be around|no longer (?:be )?(?:here|around|alive)|not here|not alive|be gone|"
        r"left this world)|"
        r"(?:quand|lorsque|si) (?:tu|vous|on|quelqu un) (?:liras|lirez|lira|verras|verrez|verra|"
        r"trouveras|trouverez|trouvera|lis|lisez|lit|recevras|recevrez) (?:ce message|ceci|ca|"
        r"cela|ces mots|ce mot|cette lettre|ce post|mon message|ma lettre) (?:\| )?(?:\w+ ){0,2}"
        r"je (?:ne )?(?:serai|suis) (?:deja )?(?:plus la|plus de ce monde|partie?|morte?|"
        r"plus en vie|loin))\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        negatable=False,
        exclude=_AWAY,
    ),
    # --- gone by morning ("ill be gone by morning", "demain je serai plus là")
    rule_of(
        "gone_by_morning",
        "gone|dead|not be|no longer|serai",
        r"\b(?:i (?:will|shall|am going to) (?:be |have )?(?:gone|dead|not be here|no longer be "
        r"here|not be around|not be alive|not be breathing|not exist) (?:by|before|after) "
        rf"(?:the )?(?:morning|tomorrow|tonight|sunrise|dawn|midnight|{_WEEKDAYS}|the weekend|"
        r"next week)|"
        r"(?:demain|ce soir|cette nuit|bientot|a le aube|dans (?:une|quelques) heures?)"
        r"(?: matin)? (?:\w+ ){0,2}je (?:ne )?serai (?:plus|pu) (?:la|en vie|de ce monde)|"
        r"je (?:ne )?serai (?:plus|pu) (?:la|en vie|de ce monde) (?:demain|ce soir|cette nuit|"
        r"a le aube|bientot|dans))\b",
        "plan",
        person=Person.SELF,
        negatable=False,
        timed=True,
        exclude=_AWAY,
    ),
    # --- no longer needing what one would need if one lived on (a weak sign alone)
    rule_of(
        "wont_need_it",
        "need|besoin",
        r"\b(?:i (?:will not|shall not) (?:be needing|need) (?:my|the|this|that|our|any|"
        r"these|those|next) (?:\w+ ){0,1}(?:appointment|appointments|session|sessions|meds|"
        r"medication|prescription|therapy|therapist|room|things|stuff|clothes|phone|account|"
        r"bed|refill|check up|checkup)(?: \w+)? (?:anymore|any more|again|next week|after "
        r"(?:tonight|today|this)|much longer|where i am going)|"
        r"je (?:ne )?(?:aurai|aurais) (?:plus|pu) besoin (?:de|du|des) (?:mon |ma |mes |ce |"
        r"cette |le |la |les )?(?:rendez vous|rdv|seance|seances|traitement|medicaments|medocs|"
        r"ordonnance|affaires|chambre|telephone|psy))\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
    ),
    # --- "you won't have to put up with me any more": a burden said as a goodbye
    rule_of(
        "no_more_of_me",
        "worry|put up|deal|bother|hear|see|supporter|occuper|inquiet|verr|entendr|voir",
        r"\b(?:you (?:all )?(?:will not|wo not|never) (?:have to |need to )?(?:put up with|deal "
        r"with|worry about|bother with|hear from|see) me (?:anymore|any more|again|ever again)|"
        r"you (?:will|can) (?:all )?(?:stop|finally stop) worrying about me|"
        r"(?:vous|tu) (?:ne )?(?:aurez|auras|aurez) (?:plus|pu|jamais plus) (?:a|besoin de) "
        r"(?:me supporter|vous occuper de moi|te occuper de moi|vous inquieter pour moi|"
        r"te inquieter pour moi|me voir|entendre parler de moi)|"
        r"(?:vous|tu) (?:ne )?(?:me verrez|me verras|entendrez|entendras) (?:plus|pu|plus jamais)"
        r"(?: parler de moi)?)\b",
        "farewell hopelessness",
        person=Person.SELF,
        negatable=False,
        timed=True,
        exclude=r"\b(?:moving|move|demenag\w*|holiday|vacances|trip|voyage|abroad|etranger|new job|"
        r"nouveau (?:job|boulot|travail)|quit|demission\w*|leaving the|quitte (?:le|la|l)|"
        r"group|groupe|chat|serveur|server|class|classe|team|equipe|once i get|when i get|"
        r"quand je aurai|the job|le job|le poste)\b",
    ),
    # --- "this is the end", "c'est fini pour moi" (a weak sign alone)
    rule_of(
        "this_is_the_end",
        "end|over|fini|finished|termine|fin|goodbye",
        r"\b(?:(?:this|it) is (?:the end|over for me|the end for me|finished for me|goodbye)|"
        r"(?:voila )?ce est (?:la fin|fini pour moi|termine pour moi|la fin pour moi|"
        r"fini \| adieu))(?! (?:of|de|du|des|for (?:today|now|the|this)|pour (?:aujourd|"
        r"ce|la|le|cette)))\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
        exclude=r"\b(?:episode|season|saison|series|serie|film|movie|book|livre|game|jeu|match|"
        r"semester|semestre|year|annee|term|trimestre|course|cours|contract|contrat|stage|"
        r"relationship|relation|couple|between us|entre nous|with him|with her|avec lui|"
        r"avec elle)\b",
    ),
    # --- "sunday is the day", "c'est pour ce soir" (a weak sign alone)
    rule_of(
        "the_day_is_set",
        "day|night|date|jour|soir|nuit|demain|monday|tuesday|wednesday|thursday|friday|"
        "saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
        rf"\b(?:(?:{_WEEKDAYS}|tonight|tomorrow|today) is the (?:day|night)|the (?:day|date) is "
        r"(?:set|chosen|decided)|(?:ce est|ce sera|ca sera) pour (?:ce soir|cette nuit|demain|"
        rf"{_WEEKDAYS})|le jour est (?:fixe|choisi|decide|arrive)|la date est (?:fixee|choisie))"
        r"\b",
        "plan",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
        exclude=r"\b(?:birthday|anniv\w*|wedding|mariage|party|fete|soiree|date with|rencard|"
        r"exam|examen|interview|entretien|match|game|concert|move|demenag\w*|launch|lancement|"
        r"release|sortie|race|course|marathon|big day|grand jour|surprise|vacances|holiday|"
        r"trip|voyage|first day|premier jour|operation|surgery)\b",
    ),
    # --- a plan and the means said together ("i've got a plan and the means")
    rule_of(
        "plan_and_means",
        "plan",
        r"\b(?:(?:i have|i got|got|have) (?:a |the |my )?plan and (?:the |my )?means|"
        r"(?:i have|i got|got|have) the means and (?:a |the |my )?plan|je ai (?:un|le|mon) plan "
        r"et (?:les|des) moyens|je ai (?:les|des) moyens et (?:un|le|mon) plan)\b",
        "plan method",
        URGENT,
        person=Person.SELF,
        exclude=r"\b(?:business|project|projet|trip|voyage|holiday|vacances|wedding|mariage|"
        r"house|maison|moving|demenag\w*|party|fete|startup|company|entreprise)\b",
    ),
    # --- not trusting oneself near a means
    rule_of(
        "distrust_near_means",
        "trust|confiance",
        r"\b(?:(?:do not|cannot|can not|no longer|dont) trust myself (?:around|with|near) "
        r"(?:my |the |those |these |any )?(?:meds|pills|tablets|medication|knives|knife|"
        r"razors?|blades?|gun|car|balcony)|(?:ne )?me fais (?:pas|plus) confiance (?:avec|pres "
        r"de|a cote de) (?:mes |les |des |mon |le |ma |la )?(?:cachets|medocs|medicaments|"
        r"couteaux|couteau|lames|rasoir|flingue|fusil|balcon))\b",
        "method active_thoughts",
        person=Person.SELF,
        negatable=False,
        exclude=r"\b(?:diet|regime|chocolate|chocolat|cake|gateau|cookies|biscuits|sweets|"
        r"bonbons|wine|vin|shopping|credit card|carte bleue)\b",
    ),
    # --- how easy it would be: a way of dying pictured ("how easy it would be to go under")
    rule_of(
        "how_easy_it_would_be",
        "how easy|easy it|simple|facile",
        r"\b(?:how easy it would be to|it would be so easy to|would be easy to|ce serait "
        r"(?:si |tellement )?(?:facile|simple) de) (?:go under|slip under|stay under|end it|"
        r"die|let go|not wake up|step off|step in front|drive off|jump|walk into|crash|disparaitre|"
        r"en finir|me laisser couler|sauter|mourir|ne pas me reveiller|tout arreter)",
        "active_thoughts",
        person=Person.SELF,
        negatable=False,
        exclude=r"\b(?:pool|piscine|dive|plonge\w*|game|jeu|exam|diet|regime|job|boulot|"
        r"relationship|quit (?:smoking|my)|give up (?:smoking|sugar))\b",
    ),
    # --- "why do I bother anymore"
    rule_of(
        "why_bother",
        "bother|fatigue|continue|accroche",
        r"\b(?:why (?:do |should |would )?i (?:even )?bother (?:anymore|any more|living|"
        r"being alive|waking up|existing)|pourquoi je (?:me )?(?:fatigue|continue|m accroche) "
        r"(?:encore|a vivre|a exister))\b",
        "hopelessness",
        person=Person.SELF,
    ),
    # --- walking into water, thought of
    rule_of(
        "walk_into_water",
        "walk|wad|marcher|entrer|avancer",
        r"\b(?:river|sea|lake|ocean|water|canal|riviere|mer|lac|seine|fleuve) (?:(?:\w+|\|) ){0,6}"
        r"(?:thinking (?:of|about)|think about|want to|going to|wanna|could) (?:walking|walk|"
        r"wading|wade) (?:in|into it|into the water|out)\b|(?:pense|envie|veux) (?:a |de )?"
        r"(?:marcher|entrer|avancer) dans (?:la riviere|la mer|le lac|la seine|le fleuve|le eau)"
        r"(?! (?:pour|avec)\b)",
        "active_thoughts method",
        person=Person.SELF,
        exclude=r"\b(?:swim\w*|nage\w*|paddle|surf\w*|fish\w*|peche|boots|bottes|dog|chien|"
        r"kids|enfants|warm|chaude|cold|froide|fresh|hot|chaud)\b",
    ),
    # --- easier if I stopped existing
    rule_of(
        "easier_if_i_stopped",
        "easier|better|simpler|simple|facile|mieux",
        r"\b(?:easier|better|simpler|plus simple|plus facile|mieux) (?:for (?:everyone|everybody|"
        r"all|them|my family) )?(?:\w+ ){0,1}(?:if i|si je) (?:stopped existing|stopped living|"
        r"did not exist|were not alive|was not alive|no longer existed|died|was dead|were dead|"
        r"ne existais plus|ne etais plus en vie|mourais|etais morte?|existais plus)\b",
        "hopelessness wish_to_die",
        person=Person.SELF,
        negatable=False,
    ),
    # --- no more pain after tonight
    rule_of(
        "no_more_pain_after",
        "pain|suffering|hurt|douleur|souffrance|mal",
        r"\b(?:no more (?:pain|suffering|hurting|hurt) (?:after|from|as of|come) (?:tonight|"
        r"today|tomorrow|this)|plus (?:de|jamais de) (?:douleur|souffrance|mal) (?:apres|a partir "
        r"de|des) (?:ce soir|cette nuit|demain|aujourd hui))\b",
        "plan",
        URGENT,
        person=Person.SELF,
        negatable=False,
        exclude=r"\b(?:surgery|operation|dentist|dentiste|painkiller|physio|kine|tooth|dent|"
        r"chirurg\w*|brace|appareil|cast|platre|treatment|traitement|injection|piqure|"
        r"period|regles|shoes|chaussures|heels|talons)\b",
    ),
    # --- had enough of life
    rule_of(
        "enough_of_life",
        "life|living|alive|existing|breathing",
        r"\b(?:had enough of|sick of|tired of|done with|fed up with) (?:life|living|being alive|"
        r"existing|this life|breathing)\b(?! (?:in|at|with|here|as a|like|on)\b)",
        "wish_to_die",
        exclude=r"\b(?:city|town|london|paris|country|village|student|office|uni|campus)\b",
    ),
    # --- "took everything": an attempt said without the pills (a weak sign alone)
    rule_of(
        "took_everything",
        "took|swallow|taken|downed|pris|avale",
        r"\b(?:(?:i|i have|i just) (?:took|swallowed|taken|downed) (?:everything|it all|them "
        r"all|all of it|all of them|the lot)|je ai (?:tout|tous) (?:pris|avale)|je ai (?:pris|"
        r"avale) (?:tout|tous|le tout))(?! (?:in|back|for|seriously|personally|into|out|off|"
        r"away|with|de|a|au|en|pour|avec|dans)\b)",
        "attempt",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
        exclude=r"\b(?:advice|conseils?|photos|pictures|bags|sacs|stuff|affaires|things|clothes|"
        r"vetements|courses|classes|cours|exams|notes|food|bouffe|plats|repas|buffet|dessert|"
        r"cookies|cake|gateau|chocolat\w*|pizza)\b",
    ),
    # --- going to sleep and not wake up
    rule_of(
        "sleep_not_wake",
        "wake|reveiller",
        r"\b(?:i am going to|i will|gonna|je vais) (?:go to )?(?:sleep|dormir|me endormir) "
        r"(?:and|et) (?:not|never|ne (?:pas|plus|jamais)|pas|plus|jamais) (?:wake up|me reveiller)"
        r"\b",
        "plan wish_to_die",
        person=Person.SELF,
        negatable=False,
        timed=True,
    ),
    # --- "don't blame yourselves": a goodbye said as comfort (a weak sign alone)
    rule_of(
        "dont_blame_yourselves",
        "blame|not your fault|pas ta faute|pas votre faute|en voulez|en veux",
        r"\b(?:(?:please )?do not blame (?:yourselves|yourself|anyone)|it is not (?:your|anyone s) "
        r"fault|ce (?:ne )?est pas (?:de )?(?:ta|votre) faute|ne (?:vous|te) en (?:voulez|veux) "
        r"pas)\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
    ),
    # --- disappointed to wake up still alive
    rule_of(
        "disappointed_still_here",
        "disappoint|sad|upset|angry|annoyed|decu|triste|deg",
        r"\b(?:(?:disappointed|sad|upset|angry|annoyed) (?:that |to be |to find |to see )?"
        r"(?:i am )?(?:still )(?:here|alive|breathing)(?! (?:at|in|on|with|for|after|until)\b)|"
        r"(?:decue?|triste|degoutee?) (?:de|que) (?:me reveiller|etre (?:encore|toujours) "
        r"(?:la|en vie|vivante?)|je sois (?:encore|toujours) (?:la|en vie)))\b",
        "wish_to_die",
        person=Person.SELF,
        negatable=False,
    ),
    # --- waiting for a train to jump
    rule_of(
        "wait_train_to_jump",
        "attend|waiting|wait",
        r"\b(?:attends|attendre|wait|waiting for) (?:le|the) (?:next )?(?:train|metro|rer|tram|"
        r"express)(?: \w+){0,3} (?:pour|to) (?:sauter|me jeter|jump|step)\b",
        "attempt method",
        URGENT,
        person=Person.SELF,
    ),
    # --- cuts or burns made on oneself ("je me suis fait des entailles sur les cuisses")
    rule_of(
        "marks_made_on_me",
        "entaill|coupure|brulure|griffure|marque|cicatrice|cuts|burns|scratches|marks|bruises",
        r"\b(?:me (?:suis fait|fais|fait) (?:des|une|plusieurs|encore des) (?:entailles?|"
        r"coupures?|brulures?|griffures?|marques?|cicatrices?) (?:sur|aux|au|a la|a le) "
        r"(?:les |mes |la |le )?(?:cuisses?|bras|poignets?|jambes?|ventre|avant bras|hanches?)|"
        r"(?:gave|given) myself (?:some |more |a few |new )?(?:cuts|burns|scratches|marks|bruises) "
        r"(?:on|to) my (?:thighs?|arms?|wrists?|legs?|stomach|hips?))\b",
        "self_harm",
        person=Person.SELF,
        exclude=ACCIDENT,
    ),
    # --- climbing over at a height ("on the 8th floor balcony and i'm climbing over")
    rule_of(
        "climbing_over",
        "climb|enjamb|passe par dessus|passer par dessus",
        r"\b(?:(?:balcony|bridge|roof|railing|barrier|ledge|parapet|edge|balcon|pont|toit|"
        r"rambarde|garde corps|barriere|rebord|fenetre|window) (?:(?:\w+|\|) ){0,6}(?:climbing "
        r"over|about to climb over|going to climb over|enjambe\w*|passe par dessus|en train de "
        r"passer par dessus)|(?:climbing over|enjambe\w*|passe par dessus) (?:the |my |la |le |"
        r"ma |mon )?(?:railing|barrier|ledge|parapet|balcony|rambarde|garde corps|barriere|"
        r"rebord|balcon|parapet))\b",
        "attempt method",
        URGENT,
        exclude=r"\b(?:fence to get|garden|jardin|gate|portail|cat|chat|ball|ballon|keys|cles|"
        r"locked out|enferme dehors|kid|enfant|dog|chien|photo|selfie|view|vue)\b",
    ),
    # --- a plastic bag over the head
    rule_of(
        "bag_over_head",
        "bag|sac",
        r"\b(?:(?:plastic )?bag (?:\w+ ){0,2}over my head|(?:un |le |mon )?sac (?:plastique )?"
        r"(?:\w+ ){0,1}sur (?:la|ma) tete)\b",
        "attempt method",
        URGENT,
        person=Person.SELF,
        exclude=r"\b(?:rain|pluie|costume|halloween|joke|blague|shopping|courses|hood|capuche|"
        r"ice|glace|hat|chapeau)\b",
    ),
    # --- "it ends this weekend": an end with a time (a weak sign alone)
    rule_of(
        "it_ends_when",
        "ends|end|termine|arrete|fini",
        r"\b(?:it (?:all )?ends|everything ends|this ends|tout se (?:termine|arrete|finit)|"
        r"ca se (?:termine|arrete|finit)) (?:on |this |tonight|today|tomorrow|ce |cette |demain|"
        r"ce soir|cette nuit|samedi|dimanche|lundi|mardi|mercredi|jeudi|vendredi)",
        "plan",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
        exclude=r"\b(?:sale|soldes|season|saison|series|serie|show|film|movie|contract|contrat|"
        r"lease|bail|offer|offre|promo\w*|semester|semestre|term|exam\w*|course|cours|match|"
        r"game|festival|holiday|vacances|trial|essai|subscription|abonnement|strike|greve)\b",
    ),
    # --- "if i don't reply it means i did it"
    rule_of(
        "silence_means_done",
        "reply|answer|respond|text|reponds|repond",
        r"\b(?:if i (?:do not|stop|never) (?:reply|answer|respond|text back|text) (?:(?:\w+|\|) )"
        r"{0,3}(?:i did it|i am gone|i am dead|it worked|it is done|i went through with it)|"
        r"si je (?:ne )?(?:reponds|repond) (?:pas|plus) (?:(?:\w+|\|) ){0,3}(?:je (?:le |l )?ai "
        r"fait|je suis partie?|ce est fait|ca a marche|je suis morte?))\b",
        "farewell plan",
        URGENT,
        person=Person.SELF,
        negatable=False,
    ),
    # --- at a lonely place with a means ("in the woods with a rope")
    rule_of(
        "place_with_means",
        "woods|forest|bois|foret|garage|car park|parking|tracks|rails|bridge|pont|roof|toit",
        r"\b(?:(?:in|at|on) the (?:woods|forest|garage|car park|tracks|bridge|roof) with (?:a|the|"
        r"my) (?:rope|noose|gun|pills|knife|blade|razor)|(?:dans|sur|au) (?:les bois|la foret|le "
        r"garage|le parking|les rails|le pont|le toit) avec (?:une|la|ma|mon|le|un|mes|les) "
        r"(?:corde|flingue|fusil|arme|cachets|medocs|couteau|lame|rasoir))\b",
        "method",
        URGENT,
        person=Person.SELF,
        exclude=PURPOSE + r"|\b(?:cabane|tree ?house|swing|balancoire|hamac|hammock|tyrolienne|"
        r"friends|amis|potes|dog|chien|picnic|pique nique|bbq|"
        r"barbecue|work|travail|boulot|tools?|outils|fix\w*|repar\w*)\b",
    ),
    # --- "je devrais disparaître": what one should do is die
    rule_of(
        "should_die_fr",
        "devrais",
        r"\bje devrais (?:\w+ ){0,1}(?:disparaitre|mourir|crever|me tuer|en finir|me suicider|"
        r"plus exister|ne plus exister)\b(?! (?:de|du|des|pour|quelques|un moment|ce week|avec)\b)",
        "wish_to_die",
        person=Person.SELF,
    ),
    # --- belongings promised to someone ("told my sister she can have my car"; a weak sign
    # alone)
    rule_of(
        "can_have_my_things",
        "have|keep|take|garder|prendre|avoir|recuperer",
        r"\b(?:(?:you|she|he|they|u|my \w+) (?:can|may|could) (?:have|keep|take) (?:all )?my "
        r"(?:\w+ ){0,1}(?:car|guitar|things|stuff|clothes|books|dog|cat|games|console|jewellery|"
        r"jewelry|bike|room|records|vinyls|laptop|phone|savings|money)|(?:tu|elle|il|ils|vous|"
        r"(?:mon|ma|mes) \w+) "
        r"(?:peux|peut|peuvent|pourras|pourra|pouvez) (?:garder|prendre|avoir|recuperer) "
        r"(?:toutes )?(?:mon|ma|mes) (?:\w+ ){0,1}(?:voiture|guitare|affaires|vetements|livres|"
        r"chien|chat|jeux|console|bijoux|velo|chambre|ordi|telephone|economies))\b",
        "preparation",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
        exclude=r"\b(?:while|pendant|away|holiday|vacances|weekend|week end|borrow\w*|emprunt\w*|"
        r"lend|preter|prete|tonight only|for the day|for the (?:week|summer|trip)|new one|"
        r"nouvelle|nouveau|upgrade|bought a|achete un|achete une|moving|demenag\w*|sell\w*|"
        r"vend\w*|too small|trop petit\w*|grown out)\b",
    ),
    # --- a rope hung up or tied, a noose made
    rule_of(
        "rope_hung",
        "rope|noose|cord|corde|noeud|knot",
        rf"\b(?:{ROPE} (?:\w+ ){{0,2}}(?:is |est |are |sont )(?:accrochee?s?|hung|hanging|up|"
        r"nouee?s?|installee?s?|set up|fixee?s?|attached|in place|en place)|"
        r"(?:i have |i |je ai )(?:hung|tied|put up|set up|accroche|attache|noue|installe) "
        r"(?:the|a|my|la|une|ma) (?:rope|noose|corde)|"
        r"(?:tying|tied|tie|making|made|nouer|noue|faire|fait|fais) (?:a |the |my |un |le |mon )?"
        r"(?:noose|noeud coulant)|(?:tying|tied|tie) the knot (?:\w+ ){0,3}(?:not|pas) (?:the|a|"
        r"for a|pour un|pour le|du) (?:wedding|marriage|mariage))\b",
        "method attempt",
        URGENT,
        person=Person.SELF,
        negatable=False,
        exclude=PURPOSE + r"|\b(?:linge|clothes ?line|washing line|swing|balancoire|hamac|"
        r"hammock|boxe|boxing|gym|climb\w*|escalade|bateau|boat|sail\w*|voile|tent|tente|"
        r"tree house|cabane|decoration|deco|guirlande|lights|lumieres|tie (?:knot|tutorial)|"
        r"tie a tie|cravate|scout\w*|knots? class|class|yoga|aerial|cirque|circus|theatre|"
        r"ceiling for|stage|decor)\b",
    ),
    # --- an engine running in a garage
    rule_of(
        "engine_in_garage",
        "garage",
        r"\b(?:(?:engine|motor|car) (?:is |\w+ )?(?:running|on|idling) (?:(?:\w+|\|) ){0,6}"
        r"(?:closed |shut |locked )?garage|(?:closed|shut|locked) garage (?:\w+ ){0,6}(?:engine|"
        r"motor) (?:running|on|idling)|moteur (?:qui tourne|allume|en marche|tourne) "
        r"(?:(?:\w+|\|) ){0,6}"
        r"garage|garage (?:ferme )?(?:\w+ ){0,6}moteur (?:qui tourne|allume|en marche))\b",
        "method attempt",
        URGENT,
        exclude=r"\b(?:warm\w*|chauff\w*|defrost\w*|degivr\w*|mechanic|garagiste|door open|"
        r"doors? (?:is |are )?open|porte ouverte|fix\w*|repar\w*|noise|bruit|weird sound|"
        r"leav\w*|partir|pull\w* (?:in|out)|park\w*|gar\w* la voiture|battery|batterie)\b",
    ),
    # --- a means that has arrived, then doing it ("the helium tank came today. doing it
    # tonight")
    rule_of(
        "means_arrived_doing_it",
        "helium|rope|noose|corde|charcoal|charbon|gun|pistol|flingue|pills|tablets|cachets|"
        "compri|medocs",
        r"\b(?:helium|rope|noose|corde|charcoal|charbon|gun|pistol|flingue|pills|tablets|"
        r"cachets|comprimes|medocs) (?:\w+ ){0,2}(?:came|arrived|was delivered|got delivered|"
        r"is here|are here|arrive|arrivee?s?|livree?s?|recue?s?|est la|sont la) "
        r"(?:(?:\w+|\|) ){0,4}(?:doing it|do it|le faire|le fais|je le fais|je vais le faire|"
        r"i will do it|i am doing it)\b",
        "method plan",
        URGENT,
        person=Person.SELF,
        exclude=PURPOSE + r"|\b(?:balloons?|ballons?|party|fete|birthday|anniv\w*|bbq|barbecue|"
        r"climb\w*|escalade)\b",
    ),
    # --- the easy way out, roping: euphemisms for killing oneself
    rule_of(
        "easy_way_out",
        "way out|rope|roping",
        r"\b(?:(?:take|taking) the (?:easy|cowards?|coward s) way out|(?:want to|going to|will|"
        r"might|thinking about|think about|gonna) rope(?: myself)?"
        r"(?= \||$| tonight| today| soon| again)|roping myself|rope myself)\b",
        "active_thoughts",
        timed=True,
        exclude=r"\b(?:exam|test|essay|assignment|homework|devoir|game|jeu|match|boss|"
        r"interview|negotiation|question|pizza|order\w*|takeaway|uber|taxi|cab|lift|elevator|"
        r"stairs|shortcut|recipe|store bought|shop bought|boxed|argument|debate)\b",
    ),
    # --- asking for a method: the least painful way to go, how many pills it takes
    rule_of(
        "ask_method",
        "way|method|lethal|letale|mortelle|moyen|facon|maniere|methode|combien|many",
        r"\b(?:(?:least painful|painless|easiest|quickest|fastest|best|surest|most peaceful|"
        r"least messy) (?:way|ways|method|methods) (?:to|of) (?:go|die|dying|do it|end it|"
        r"kill (?:myself|yourself|oneself)|end (?:my|your|one s) life|overdose|commit suicide)"
        r"(?! (?:to|from|there|home|back|about|through|out|in|into|downtown|for|with)\b)|"
        rf"how many (?:of )?(?:my |the |these |those )?(?:\w+ ){{0,2}}{PILLS_EN} (?:\w+ ){{0,2}}"
        r"(?:would it take|it would take|does it take|it takes|would kill|to kill|to die|"
        r"to overdose|are lethal|is lethal|is a lethal|before (?:you|i) die)|"
        r"lethal dose|dose (?:letale|mortelle)|"
        r"(?:le |la )?(?:moyen|facon|maniere|methode) (?:le |la )?(?:moins douloureu\w*|"
        r"plus rapide|plus simple|plus sure?|plus efficace|plus douce?|sans douleur|"
        r"la moins douloureuse) "
        r"(?:de |pour )(?:partir|mourir|en finir|me tuer|se tuer|me suicider|se suicider|"
        r"le faire)(?! (?:en|a|au|de|du|vers|pour|chez)\b)|"
        rf"combien de {PILLS_FR} (?:il )?(?:faut|faudrait|faudra) (?:pour|avant de) "
        r"(?:mourir|en finir|me tuer|y passer|une overdose|ne plus|ne pas|pas|plus))\b",
        "method active_thoughts",
        person=Person.SELF,
        exclude=r"\b(?:game|jeu|minecraft|level|niveau|character|perso\w*|fish|poisson|lobster|"
        r"homard|plant|plante|mouse|souris|rat|dog|cat|chien|chat|child|kid|enfant|bebe|baby|"
        r"euthanas\w*|put down|vet|veto|veterinaire|pharmacolog\w*|exam|examen|course|cours)\b",
    ),
    # --- the generic "you" of a question that is about the writer ("is it normal to think about
    # killing yourself every day? because I do")
    rule_of(
        "is_it_normal",
        "normal|anyone|other people|everyone",
        r"\b(?:(?:is it|is that) (?:normal|bad|weird|wrong|okay|ok|common|strange) (?:\w+ ){0,1}"
        r"to (?:think about|think of|want to|wish to|keep thinking about|fantasi[sz]e about|"
        r"daydream about|feel like) (?:killing (?:yourself|oneself|myself)|kill (?:yourself|"
        r"oneself|myself)|dying|die|being dead|suicide|ending it|ending your life|end it|end "
        r"your life|not waking up|disappear\w*)|(?:does anyone else|do other people|anyone "
        r"else|does everyone) (?:\w+ ){0,1}(?:think about|want to|wish they could|fantasi[sz]e "
        r"about) (?:killing (?:themselves|yourself)|dying|die|suicide|ending it|not waking up|"
        r"disappear\w*)|normal de (?:vouloir|penser a|avoir envie de|avoir des idees de|"
        r"songer a) (?:se tuer|se suicider|mourir|en finir|suicide|disparaitre|me tuer|"
        r"me suicider))\b",
        "active_thoughts",
        person=Person.SELF,
    ),
    # --- nobody would notice if I died, either order
    rule_of(
        "nobody_would_notice",
        "nobody|no one|noone|personne",
        r"\b(?:if i (?:\w+ ){0,1}(?:died|disappeared|was gone|were gone|vanished|killed myself|"
        r"was dead|were dead) (?:\w+ ){0,3}(?:nobody|no one|noone) (?:would|will) (?:even )?"
        r"(?:notice|care|miss me|know|realise|realize)|"
        r"si je (?:\w+ ){0,1}(?:mourais|disparaissais|crevais|me tuais|me suicidais|etais morte?|"
        r"partais) (?:\w+ ){0,3}personne (?:ne )?(?:le |me |en )?(?:remarquerait|verrait|"
        r"regretterait|manquerait|pleurerait|se en rendrait compte|se rendrait compte|"
        r"en aurait rien a faire|aurait rien a faire))\b",
        "wish_to_die hopelessness",
        person=Person.SELF,
        negatable=False,
        exclude=r"\b(?:party|fete|soiree|class|cours|meeting|reunion|group|groupe|chat|early|"
        r"tot|avance)\b",
    ),
    # --- disappearing for good, thought or wanted
    rule_of(
        "disappear_for_good",
        "disparaitre|partir|en aller|disappear|vanish|go away|leave|tout arreter|"
        "tout stopper|stop everything|end everything",
        r"\b(?:pense\w*|penser|songe\w*|reve\w*|envie|veux|voudrais|aimerais|think\w*|want\w*|"
        r"wish\w*|dream\w*|tempted) (?:de |a |about |of |to )?(?:\w+ ){0,1}(?:disparaitre|"
        r"partir|me en aller|disappear\w*|vanish\w*|go away|leave|tout arreter|tout stopper|"
        r"stop everything|end everything) (?:\| )?(?:\w+ ){0,1}(?:pour de bon|"
        r"pour toujours|a jamais|definitivement|for good|forever|permanently|for ever)\b",
        "wish_to_die",
        exclude=r"\b(?:vacances|holiday|country|pays|etranger|abroad|city|ville|campagne|"
        r"island|ile|job|boulot|travail|maison|home|house|social media|reseaux|instagram|"
        r"tiktok|twitter|internet|this town|cette ville|france|paris|london|moving|"
        r"demenag\w*|from (?:here|this place|him|her|them)|de (?:ici|chez))\b",
    ),
    # --- hitting walls till they bleed
    rule_of(
        "hit_walls_bleed",
        "punch|hit|bang|smash|frapp|tape|cogne",
        r"\b(?:(?:punch\w*|hit|hitting|bang\w*|smash\w*) (?:\w+ ){0,2}(?:walls?|my head|doors?|"
        r"mirrors?) (?:\w+ ){0,3}(?:till|til|until|untill|so hard) (?:\w+ ){0,3}(?:bleed\w*|"
        r"bruis\w*|broke|break|bloody|bled|crack\w*)|(?:frappe\w*|tape|cogne\w*) (?:\w+ ){0,2}"
        r"(?:les murs|le mur|ma tete|la tete|les portes|la porte|le miroir) (?:\w+ ){0,3}"
        r"(?:jusqu au sang|jusque au sang|jusqu a saigner|jusque a saigner|a en saigner|"
        r"pour me faire mal|a me faire mal))\b",
        "self_harm",
    ),
    # --- a deep cut just made, bleeding a lot
    rule_of(
        "deep_cut_bleeding",
        "entaill|coupure|coupe|cut|gash|slash|ouvert|ouvre|slit",
        r"\b(?:entaille|coupure|coupe|cut|gash|slash\w*|ouvert|ouvre|slit) (?:\w+ ){0,3}"
        r"(?:poignets?|wrists?|veines?|veins?|gorge|throat|cuisse|thigh|bras|arm|forearm|"
        r"avant bras) (?:(?:\w+|\|) ){0,8}(?:saigne (?:beaucoup|enormement|trop|fort|partout|"
        r"sans arret)|"
        r"ne arrete pas de saigner|bleeding (?:a lot|loads|heavily|badly|everywhere|so much|"
        r"really bad)|will not stop bleeding|(?:beaucoup|plein) de sang|(?:lots|loads) of blood|"
        r"a lot of blood|so much blood|blood everywhere|du sang partout)\b",
        "attempt self_harm",
        URGENT,
        person=Person.SELF,
        exclude=r"^(?!.*\b(?:on purpose|expres|deliberately|volontairement)\b).*?\b(?:shaving|"
        r"cooking|chopping|peeling|by accident|accidentally|kitchen|cuisine|couteau de cuisine|"
        r"glass|verre|vitre|fell|tombee?|chute|accident|epluchant|cuisinant|velo|bike)\b",
    ),
)
