"""Risk rules: structures rather than phrasings.

Each rule here is a product of small vocabularies: a verb family (take or swallow, hold or
have, write or leave, give away, wait at a place), an object lexicon (medicines and where
they are kept, guns and ropes, letters and notes, pets and belongings), and what turns it
into a sign (a quantity, a place at hand, a person the letter is for, the vehicle awaited).
The subject, the negation and reported speech are checked by the model as for every rule
(``risk_rules``); the wish, burden and hopelessness lexicons close the section.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import (
    CONCERN,
    GUN,
    NOT_MEDICINE,
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

# Taking, swallowing, past or just now.
_TAKE = (
    r"(?:took|taken|swallowed|downed|drank|drunk|ate|chugged|necked|popped|emptied|finished|pris|"
    r"avale|"
    r"avalee|bu|gobe|englouti|ingurgite|vide|fini)"
)
# Where medicines are kept, and "everything that was in it".
_STORE = (
    r"(?:pilulier|pill ?box|pill organi[sz]er|medicine (?:cabinet|box|drawer)|armoire a "
    r"pharmacie|boite a pharmacie|trousse a pharmacie|pharmacie|pill bottle|the bottle)"
)
_ALL_OF = (
    r"(?:tout ce que (?:il )?(?:y )?(?:avait|restait|je avais|je ai trouve)|everything "
    r"(?:that was |i had |i could find )?(?:in|from)|all (?:that was|i had|i could find) in|"
    r"whatever was in|what was left (?:in|of)|ce qui restait (?:dans|de))"
)
_SCHEDULE = (
    r"\b(?:as usual|as prescribed|as always|every (?:day|morning|evening|night)|each "
    r"(?:day|morning|evening)|comme (?:d habitude|prevu|toujours|tous les jours)|tous les "
    r"(?:jours|matins|soirs)|chaque (?:jour|matin|soir)|ordonnance|prescription|doctor|docteur|"
    r"medecin|pharmacien\w*|with (?:breakfast|dinner|food)|repas|vitamins?|vitamines?)\b"
)
_ALCOHOL = (
    r"(?:alcohol|vodka|whisky|whiskey|wine|beer|rum|gin|tequila|booze|alcool|vin|biere|rhum|"
    r"bouteille|bottle)"
)
# Holding or having a means, and the place that says it is at hand.
_HAVE = (
    r"(?:i have|i got|i am holding|i am holding onto|there is|i keep|je ai|je tiens|il y a|"
    r"got|holding)"
)
_LETHAL = (
    rf"(?:(?:loaded |charge |chargee )?{GUN}(?: chargee?| loaded)?|rope|noose|corde|"
    r"noeud coulant)"
)
_BY_ME = (
    r"(?:(?:on|in|across) (?:my|the) (?:lap|bed|hands?|desk|nightstand|bedside table|knees)|"
    r"in my (?:pocket|closet|room|car|bag)|sur (?:les|mes|mon|ma|la|le) (?:genoux|lit|table|"
    r"bureau|table de nuit)|dans (?:mes|les|ma|la) mains?|dans (?:mon|ma) (?:placard|chambre|"
    r"voiture|poche|sac)|right now|right here|maintenant|la(?= \|)|keep looking at (?:it|them)|"
    r"je (?:la|le|les) regarde|pointed at me|contre ma tempe|against my head)"
)
# Letters and notes for the people left behind.
_WRITE = r"(?:wrote|written|writing|left|leaving|ecrit|ecris|laisse|redige|prepare)"
_NOTE = r"(?:letters?|notes?|mots?|lettres?|messages?|videos?|emails?)"
_CLOSE_ONES = (
    r"(?:family|mum|mom|mother|dad|father|parents|kids|children|everyone|everybody|loved "
    r"ones|wife|husband|partner|sister|brother|girlfriend|boyfriend|best friend|famille|"
    r"proches|enfants|mere|pere|maman|papa|tout le monde|femme|mari|soeur|frere|copine|"
    r"copain|meilleure? amie?|chacun)"
)
_NOT_A_FAREWELL = (
    r"\b(?:birthday|anniversaire|thank you|thanks|merci|christmas|noel|fete|valentine|love "
    r"letter|lettre de amour|motivation|cover letter|landlord|proprietaire|school|ecole|"
    r"teachers?|profs?|trip|excuse|absence|complaint|reclamation|therapist|psy|assignment|devoir|"
    r"exercise|exercice|journal|postcard|carte postale|wedding|mariage|retirement|retraite|"
    r"card|carte|recipe|recette|shopping|courses|list|liste|fridge|frigo|bday|mots? de passe|"
    r"passwords?|au cas ou|in case)\b"
)

RULES: tuple[Rule, ...] = (
    # --- an overdose: a take verb, a quantity or "everything in", a medicine or its store
    rule_of(
        "took_everything_stored",
        "pilul|pill|medic|armoire|pharmac|bottle|DRUGS|cachet|comprim|medoc|somnif|tablet|meds|"
        "capsul|plaquette|boite|box|flacon|tube|insulin|painkill|sleeping|anxio|antidep|opio|"
        "oxy|heroin|packet|pack|prescri",
        rf"\b{_TAKE} (?:{G}{{0,2}})?(?:{_ALL_OF} (?:{G}{{0,2}})?{_STORE}|(?:{QTY_EN}|{QTY_FR}) "
        rf"(?:{G}{{0,2}})?(?:{_STORE}|{PILLS_EN}|{PILLS_FR}))\b",
        "attempt",
        URGENT,
        exclude=_SCHEDULE + "|" + NOT_MEDICINE,
    ),
    # --- pills and alcohol together, taken
    rule_of(
        "pills_with_alcohol",
        "pilul|pill|medic|cachet|comprim|medoc|somnif|tablet|meds|DRUGS|sleeping|painkill|anxio|"
        "antidep|opio|oxy|heroin|packet|pack|prescri|capsul|bottle|box",
        rf"\b{_TAKE} (?:{G}{{0,4}})?{_ALCOHOL} (?:{G}{{0,3}})?(?:avec|with|and|et|plus) "
        rf"(?:{QTY_EN} |{QTY_FR} )?(?:my |mes |des |some |the |les )?(?:{PILLS_EN}|{PILLS_FR})\b|"
        rf"\b{_TAKE} (?:{G}{{0,2}})?(?:{QTY_EN}|{QTY_FR}) (?:{G}{{0,2}})?(?:{PILLS_EN}|{PILLS_FR})"
        rf" (?:{G}{{0,3}})?(?:avec|with|and|et) (?:{G}{{0,2}})?{_ALCOHOL}\b",
        "attempt",
        URGENT,
        exclude=_SCHEDULE,
    ),
    # --- means at hand: having or holding a gun or a rope, and where it is
    rule_of(
        "means_by_me",
        "rope|noose|corde|noeud|loaded|charge|gun|pistol|rifle|shotgun|revolver|firearm|"
        "handgun|glock|flingue|fusil|pistolet|arme|carabine",
        rf"\b{_HAVE} (?:{G}{{0,3}})?{_LETHAL} (?:{G}{{0,4}})?{_BY_ME}\b|"
        rf"\b(?:a|the|my|un|une|le|la|mon) (?:loaded {GUN}|{GUN} chargee?)\b|"
        # "j'ai sorti la carabine, elle est chargée": named, then said to be loaded.
        rf"\b{GUN} (?:\w+ ){{0,6}}\| (?:(?:it|she|he) is|il est|elle est) (?:\w+ )?"
        r"(?:loaded|chargee?)\b",
        "method",
        URGENT,
        exclude=r"\b(?:corde a sauter|jump rope|skipping rope|range|hunting|hunt|chasse|"
        r"stand de tir|club|clean\w*|nettoy\w*|"
        r"game|jeu|film|movie|climbing|escalade|camping|bateau|boat|sailing|voile|airsoft|"
        r"paintball|nerf|water gun|pistolet a eau)\b",
    ),
    # --- letters for the people left behind: weak alone (a letter to one's mother may be
    # anything), a preparation beside another sign ("they will find it", belongings given)
    rule_of(
        "letter_for_close_ones",
        "letter|note|mot|lettre|message|video|email",
        rf"\b{_WRITE} (?:{G}{{0,2}})?(?:a |an |one |un |une |des |some |my |mes |little |petit "
        rf"|petite )?{_NOTE} (?:{G}{{0,2}})?(?:for|to|pour|a) (?:all |each of |tous |toute |"
        rf"chacun de )?(?:my |mes |ma |mon |la |le |les |the )?{_CLOSE_ONES}\b",
        "preparation",
        URGENT,
        weak=True,
        exclude=_NOT_A_FAREWELL,
    ),
    rule_of(
        "they_will_find_it",
        "find|trouv|after|gone|apres|parti",
        r"\b(?:(?:she|he|they|someone|somebody|my \w+) (?:will|is going to|are going to) find "
        r"(?:it|them|the (?:letter|note|letters|notes))|(?:elle|il|ils|elles|on|quelqu un) "
        r"(?:la|le|les) (?:trouvera|trouveront|trouvera demain)|(?:elle|il|ils|elles|on) va "
        r"(?:la|le|les) trouver|for (?:after|when i am gone)|pour (?:apres|quand je serai "
        r"partie?))\b",
        "preparation",
        URGENT,
        person=Person.SELF,
        weak=True,
    ),
    # --- pets and belongings given away: weak, a preparation beside another sign
    rule_of(
        "gave_away_mine",
        "dog|cat|pet|bird|hamster|rabbit|fish|guitar|things|stuff|belongings|chien|chat|animaux|"
        "oiseau|lapin|poisson|guitare|affaires|bijoux|console",
        r"\b(?:gave away|given away|giving away|rehomed|rehoming|donne|confie|offert) "
        r"(?:my|mon|ma|mes) (?:\w+ )?(?:dog|cat|pets?|bird|hamster|rabbit|fish|guitar|things|"
        r"stuff|belongings|chien|chat|chats|animaux|oiseau|lapin|hamster|poissons?|guitare|"
        r"affaires|bijoux|console)\b",
        "preparation",
        URGENT,
        weak=True,
        exclude=r"\b(?:charity|association|holiday|vacances|while|pendant|sold|vendu|week|"
        r"food|manger|croquettes|bath|bain|medicine|medicament|vet|veto|veterinaire|demenag\w*|"
        r"moving|moved|grandi|outgrew|trop petit)\b",
    ),
    # --- belongings put in order: weak, a preparation beside another sign
    rule_of(
        "affairs_in_order",
        "affaires|papiers|comptes|things|stuff|affairs|papers|belongings|accounts",
        r"\b(?:range|trie|mis en ordre|mis de le ordre dans|regle) (?:toutes )?mes (?:affaires|"
        r"papiers|comptes)|(?:tidied|sorted|cleaned|put|settled|organi[sz]ed) (?:up |out )?"
        r"(?:all )?my (?:things|stuff|affairs|papers|belongings|accounts)(?: in order)?\b",
        "preparation",
        URGENT,
        weak=True,
        exclude=r"\b(?:move|moving|demenag\w*|spring|printemps|exam|taxes|impots|bank|banque|"
        r"room|chambre|closet|placard|holiday|vacances|trip|voyage)\b",
    ),
    # --- gas in a closed space: charcoal, helium, with what seals it
    rule_of(
        "sealed_gas",
        "charcoal|charbon|helium",
        r"\b(?:bought|got|ordered|achete|commande|pris) (?:\w+ ){0,3}(?:charcoal|charbon|"
        r"helium)\b.*\b(?:tape|duct tape|scotch|gaffer|seal\w*|calfeutr\w*|(?:pour|in|dans|for|"
        r"into) (?:la|the|my|ma|mon|le) (?:voiture|car|garage|salle de bain|bathroom|chambre|"
        r"bedroom))\b",
        "preparation method",
        URGENT,
        exclude=r"\b(?:bbq|barbecue|barbeuc|grill|balloons?|ballons?|party|fete|anniversaire|"
        r"birthday|plancha|merguez|saucisses?|sausages?)\b",
    ),
    # --- self-harm verbs on oneself, French and English
    rule_of(
        "harm_verbs_self",
        "taillad|entaill|lacer|charcut|mutil|scarif|slash|carv|goug|slic",
        r"\bme (?:suis )?(?:taillade\w*|taillader|entaille\w*|entailler|lacere\w*|lacerer|"
        r"charcute\w*|charcuter|mutile\w*|mutiler|scarifie\w*|scarifier)\b|\b(?:slashed|"
        r"carved|carving|gouged|gouging|sliced|slicing) (?:(?:my|into my) (?:arms?|wrists?|legs?|"
        r"thighs?|skin|stomach)|myself|into myself)\b",
        "self_harm",
        person=Person.SELF,
        exclude=r"\b(?:pumpkin|citrouille|wood|bois|cooking|cuisine|kitchen)\b",
    ),
    # --- medicines set aside over time
    rule_of(
        "stockpiled",
        # The verbs: every match holds one (the medicines may be a box, "plaquettes", a brand).
        "saving|saved|stockpil|hoard|collecting|mets|mis|garde|accumul|stock",
        rf"\b(?:saving up|saved up|stockpiling|stockpiled|hoarding|hoarded|collecting|"
        rf"mets de cote|mis de cote|garde|gardais|accumule|stocke|stockais) (?:{G}{{0,2}})?"
        rf"(?:my |mes |des |some |les |the )?(?:{PILLS_EN}|{PILLS_FR})\b",
        "preparation",
        URGENT,
        exclude=r"\b(?:expired|perimes?|pharmacy return|rapporter a la pharmacie|trip|voyage|"
        r"holiday|vacances|shortage|penurie|rupture|flu|grippes?|season|saison|winter|hiver|"
        r"the kids|les enfants|for the family|pour la famille)\b",
    ),
    # --- a ligature around the neck
    rule_of(
        "ligature",
        "neck|cou",
        r"\b(?:tied|tightened|pulled|put|serre|attache|noue|tire|mis|passe) (?:\w+ ){0,3}"
        r"(?:belt|ceinture|cable|scarf|echarpe|foulard|cord|sheet|drap|lacets?|laces?|"
        r"charger cable|rope|corde|noose) (?:\w+ ){0,2}(?:around|round|autour de|"
        r"autour du) (?:my|mon) (?:neck|cou)\b",
        "attempt method",
        URGENT,
        exclude=r"\b(?:fashion|mode|outfit|tenue|wear\w*|porte|cold|froid|winter|hiver|warm|"
        r"freez\w*|caille|snow|neige|"
        r"chaud|necklace|collier|lanyard|badge)\b",
    ),
    # --- looking up ways to die
    rule_of(
        "looking_up_ways",
        "ways|way|how|method|facon|moyen|comment|method",
        rf"\b(?:looking up|look up|looked up|searching|searched|googling|googled|researching|"
        rf"reading about|cherche|recherche|regarde|lis) (?:{G}{{0,3}})?(?:ways|how|methods|"
        rf"facons|moyens|comment|methodes) (?:{G}{{0,1}})?(?:to |de )?(?:die|kill myself|end it|"
        rf"end my life|mourir|me tuer|en finir|me suicider)\b",
        "active_thoughts method",
        person=Person.SELF,
    ),
    # --- never to have to wake up, said with its own negation
    rule_of(
        "never_wake_up",
        "wake|reveill",
        r"\b(?:ne (?:jamais|plus) avoir a me reveiller|(?:not|never) (?:have|having) to wake "
        r"up|ne plus vouloir me reveiller|plus jamais avoir a me reveiller)\b",
        "wish_to_die",
        person=Person.SELF,
        negatable=False,
    ),
    # --- rather dead than
    rule_of(
        "rather_dead",
        "rather|prefer|plutot|mort|dead|die|mourir|crever",
        r"\b(?:would rather|d rather|i rather|prefer to) (?:be dead|die|not be alive)\b|"
        r"\b(?:prefererais|prefere|aimerais mieux) (?:etre morte?|mourir|crever)\b|"
        r"\bplutot (?:mourir|crever|etre morte?) (?:que|plutot)\b",
        "wish_to_die",
        person=Person.SELF,
        exclude=r"\b(?:party|meeting|exam|class|school|gym|dentist|watch|eat|wear|dance|sing|"
        r"fete|reunion|soiree|manger|porter|regarder|danser|chanter|cours|examen|lol|mdr|"
        r"haha\w*|ptdr|jk)\b",
    ),
    # --- no way out
    rule_of(
        "no_way_out_seen",
        "sortie|issue|way",
        rf"\b(?:vois|voit|see|trouve|find|ai|have|is|y a|there is) (?:{G}{{0,1}})?(?:aucune|"
        r"pas de|no|any|pas une|plus de) (?:porte de sortie|issue|way out)\b",
        "hopelessness",
        person=Person.SELF,
        negatable=False,
        exclude=r"\b(?:parking|building|batiment|immeuble|maze|labyrinthe|game|jeu|level|"
        r"niveau|escape room|emergency exit|sortie de secours|traffic|bouchons)\b",
    ),
    # --- waiting at a place to jump for the vehicle or the moment
    rule_of(
        "waiting_at_the_edge",
        "waiting|wait|attend",
        r"\b(?:platform|quai|tracks|rails|voie|edge|bord|bridge|pont|roof|toit) (?:\w+ ){0,6}"
        r"(?:waiting for|wait for|j attends|attendre|en attendant) (?:the |le |la )?(?:next|"
        r"prochain|prochaine|right) (?:one|train|metro|rer|moment|courage)"
        r"(?: to (?:come|pass|go) (?:through|by))?\b",
        "attempt",
        URGENT,
        exclude=r"\b(?:late|delayed|retard|work|school|home|maison|taf|boulot|cours|class|"
        r"concert|shift)\b",
    ),
    # --- wishes: not to exist, to sleep and never wake up
    rule_of(
        "wish_not_to_exist",
        "exist|here|alive|etre",
        rf"\b(?:souhaite|souhaiter|souhaiterais|reve de|voudrais|aimerais|veux|espere|prie "
        rf"pour|wish|wishing|want|wanna|would like|dream of|dreaming of|pray|praying|hope) "
        rf"(?:{G}{{0,2}})?(?:to )?(?:ne plus exister|ne jamais avoir existe|ne plus etre la|"
        rf"stop existing|not exist(?: anymore| any more)?|cease to exist|no longer exist|"
        rf"never have existed|not be here(?: anymore| any more)?|not be alive)\b",
        "wish_to_die",
        person=Person.SELF,
    ),
    # --- nothing left to want
    rule_of(
        "want_nothing_anymore",
        "rien|anything|matters|sens",
        r"\b(?:(?:ne )?(?:ai )?plus envie de rien|plus gout a rien|(?:do not|no longer) want "
        r"anything anymore|nothing matters anymore|(?:there is )?no point in anything|"
        r"rien ne a plus de sens|plus aucun sens)\b",
        "hopelessness",
        person=Person.SELF,
        negatable=False,
        exclude=PURPOSE,
    ),
    # --- a burden: "un boulet", "sans moi ils seraient mieux"
    rule_of(
        "burden_fr",
        "boulet|fardeau|poids|charge|mieux|heureu|tranquil|paix",
        rf"\bje suis (?:{G}{{0,2}})?(?:un|une|qu un|qu une|juste un|juste une) (?:boulet|"
        rf"fardeau|poids mort|poids|charge)\b|\bsans moi (?:{G}{{0,1}})?(?:ils|elles|tout le "
        r"monde|ma famille|vous|mes parents|mes proches|on) (?:seraient|serait|seriez|iraient|"
        rf"irait|vivraient|vivrait) (?:{G}{{0,1}})?(?:mieux|plus heureux|plus heureuses|"
        r"tranquilles?|en paix)\b",
        "hopelessness",
        person=Person.SELF,
        exclude=r"\b(?:sac|valise|bagage|course|velo|bike)\b",
    ),
    # "sans moi" told the other way round: they would be relieved if I went
    rule_of(
        "relieved_if_i_went",
        "soulag|debarrass|mieux|heureu|tranquil|paix",
        rf"\b(?:serait|seraient|serais|serions|seriez) (?:{G}{{0,1}})?(?:soulagee?s?|mieux|plus "
        r"heureux|plus heureuses|tranquilles?|en paix|debarrassee?s?) (?:\w+ ){0,1}si je "
        r"(?:partais|disparaissais|mourais|ne etais plus la|etais plus la|etais morte?|etais "
        r"partie?|ne existais pas|existais pas|existais plus|ne existais plus)\b",
        "hopelessness",
        person=Person.SELF,
    ),
    # --- death by accident welcomed: "if a car hit me I'd be fine"
    rule_of(
        "welcome_accident",
        "hit|ran|run|kill|crash|ecras|renvers|percut|tuait|tuer",
        r"\b(?:if|si) (?:a |an |un |une |le |la |some |quelque )?(?:car|bus|truck|train|plane|"
        r"lorry|voiture|camion|avion|chose|something|meteor|meteorite) (?:\w+ ){0,1}(?:hit me|"
        r"hits me|ran me over|runs me over|killed me|kills me|crashed|crashes|me ecrasait|me "
        r"renversait|me percutait|me tuait|me tombait dessus|fell on me|tombait)\b.*\b(?:fine|"
        r"okay|ok|mind|care|relief|soulagement|derangerait|drangerait|irait|tant mieux|egal|"
        r"grave|happy|content|contente)\b|"
        r"\b(?:fine|okay|ok|would not mind|not care|relieved|happy|tant mieux|egal|derangerait "
        r"pas|content|contente) (?:\w+ ){0,3}(?:if|si) (?:a |an |un |une |le |la |some )?(?:car|"
        r"bus|truck|train|plane|voiture|camion|avion|meteor) (?:\w+ ){0,1}(?:hit me|ran me over|"
        r"killed me|me ecrasait|me renversait|me percutait|me tuait)\b",
        "wish_to_die",
        person=Person.SELF,
        negatable=False,
    ),
    # --- nothing will ever get better
    rule_of(
        "nothing_gets_better",
        "better|change|improve|ok|okay|fine|mieux|arrang|ameliore",
        r"\bnothing (?:is |will )?(?:ever )?(?:going to |gonna )?(?:ever )?(?:get better|"
        r"change|improve|be (?:ok|okay|fine|better))\b(?: for me)?",
        "hopelessness",
        person=Person.SELF,
        negatable=False,
        exclude=r"\b(?:vote|voting|election|government|policy|weather|match|score|unless|"
        r"if we|if you|if they|until|team)\b",
    ),
    # --- a will made, a goodbye said: weak, a preparation beside another sign
    rule_of(
        "my_will",
        "will|testament",
        r"\b(?:wrote|written|made|put|signed|finished|updated|left|done|fait|redige|ecrit|signe|"
        r"termine|laisse|mis a jour) (?:\w+ ){0,1}(?:my|mon) (?:will|testament)\b",
        "preparation",
        URGENT,
        weak=True,
        exclude=r"\b(?:lawyer|notaire|avocat|mortgage|pret|baby|bebe|married|mariage|house|"
        r"maison|insurance|assurance)\b",
    ),
    rule_of(
        "goodbye_to_mine",
        "goodbye|adieu|farewell|revoir",
        r"\b(?:said|say|saying|dit|dire|fait mes) (?:goodbye|farewell|adieu|adieux|au revoir) "
        r"(?:to |a )?(?:my|mes|mon|ma|everyone|tout le monde)\b",
        "farewell",
        URGENT,
        weak=True,
        exclude=r"\b(?:airport|aeroport|station|gare|holiday|vacances|trip|voyage|party|soiree|"
        r"school|ecole|move|moving|demenag\w*|flight|vol|train|bus|leaving for|pars pour|"
        r"colleagues?|collegues?|coworkers?|team|equipe|job|travail|boulot|taf|retraite|"
        r"retirement|stage|internship|class|classe)\b",
    ),
    rule_of(
        "giving_up",
        "give|gave|given|abandonn|lache|baisse",
        r"\b(?:i give up|i am giving up|i have given up|i gave up) (?:on (?:life|everything|"
        r"myself|living)|$|\|)|\bje (?:abandonne|lache tout|baisse les bras)(?: \||$)",
        "hopelessness",
        CONCERN,
        weak=True,
    ),
)
