"""Risk rules: means found in a home and acts under way with them (gas let in behind shut
windows, a hose on the exhaust, a rope on a beam, a loaded gun, bleach or drain cleaner
drunk, a hair dryer by a full bath, walking into the sea without stopping, a ligature that
gave way and a second try), a bare act with a time ("kms tonight"), farewells said sideways
("see you on the other side", "this is goodbye", "ma dernière pensée sera pour vous"),
affairs settled, and someone armed at the door.

Read after fresh28 and fresh29, each rule a construction rather than a sentence, each
probed on everyday neighbours (a gas cooker, a car's exhaust repaired, a rope for a hammock,
a gun for the hunting season, bleach for the floor). See ``risk_rules`` for what a rule says.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import ACCIDENT, GUN, URGENT, G, Person, Rule, rule_of

# A car, a garden or a house being looked after: what hoses, ropes and appliances usually are.
_CHORES = (
    r"\b(?:garagiste|mechanic|garage a|repar\w*|chang\w*|replac\w*|fix\w*|rouill\w*|rust\w*|"
    r"bruit|noise|hamac|hammock|balancoire|swing|escalade|climbing|gym|sac de frappe|"
    r"punching bag|linge|laundry|plantes?|plants?|guirlande\w*|fairy lights|lampe|lamp)\b"
)
_ACT_SELF = r"(?:kill myself|end my life|me tuer|me suicider|en finir|me foutre en le air)"

RULES: tuple[Rule, ...] = (
    # --- means at home, used now
    rule_of(
        "gas_windows_shut",
        "gaz|gas",
        r"\b(?:(?:ouvert|allume|laisse) (?:le )?gaz (?:\w+ ){0,8}?(?:ferme|bouche|calfeutre)\w* "
        r"(?:\w+ ){0,2}?(?:les |toutes les )?(?:fenetres|portes|aerations)|(?:turned on|"
        r"opened|left on) (?:the )?gas (?:\w+ ){0,8}?(?:closed|shut|sealed|taped) (?:\w+ ){0,2}?"
        r"(?:the |all the )?(?:windows|doors|vents))\b",
        "attempt method",
        URGENT,
    ),
    rule_of(
        "exhaust_hose",
        "tuyau|hose|exhaust|tailpipe",
        r"\b(?:tuyau (?:\w+ ){0,4}?(?:sur |dans |a )?(?:le )?pot de echappement|hose (?:\w+ ){0,4}?"
        r"(?:to |on |into )?(?:the )?(?:exhaust|tailpipe)|(?:exhaust|tailpipe) (?:\w+ ){0,3}?"
        r"hose)\b",
        "attempt method",
        URGENT,
        exclude=_CHORES,
    ),
    rule_of(
        "rope_on_beam",
        "corde|rope|noose|noeud|poutre|beam|rafter",
        r"\b(?:(?:corde|rope|noose|noeud coulant) (?:\w+ ){0,4}?(?:poutre|beam|rafters?|solive|"
        r"crochet du plafond|ceiling hook|banister)|(?:poutre|beam|rafters?) (?:\w+ ){0,3}?"
        r"(?:corde|rope|noose))\b",
        "method preparation",
        URGENT,
        exclude=_CHORES,
    ),
    rule_of(
        "gun_loaded_or_held",
        "guns|gun|pistol|rifle|shotgun|revolver|firearm|handgun|glock|flingue|fusil|pistolet|"
        "arme|carabine|loaded|charge",
        rf"\b(?:{GUN} (?:{G}){{0,5}}?(?:charge|chargee|loaded)|loaded (?:\w+ ){{0,3}}?{GUN}|"
        rf"{GUN} (?:\w+ ){{0,3}}?(?:in|on|sur|dans) (?:my|mon|ma|mes) (?:lap|mouth|hand|hands|"
        r"main|mains|bouche|genoux|tempe|temple))\b",
        "method",
        URGENT,
        exclude=r"\b(?:ouverture de la chasse|saison de la chasse|partie de chasse|hunting season|"
        r"go hunting|going hunting|range|stand de tir|club de tir|airsoft|paintball|nerf|"
        r"pistolet a eau|water (?:gun|pistol)|jeu|game|fortnite|call of duty|ball trap|clay)\b",
    ),
    rule_of(
        "poison_drunk",
        "javel|destop|bleach|drain|antigel|antifreeze|white|lessive|produit|pesticide|weed|"
        "desherbant|mort|rat",
        r"\b(?:bu|boire|avale|drank|drink|swallowed|chugged) (?:\w+ ){0,3}?(?:javel|destop|"
        r"bleach|drain cleaner|antigel|antifreeze|white spirit|lessive|produit menager|"
        r"pesticide|weed killer|desherbant|mort aux rats|rat poison)\b",
        "attempt",
        URGENT,
        exclude=r"\b(?:chien|chat|dog|cat|puppy|chiot|bebe|baby|toddler|rather|plutot|than|"
        r"que de)\b",
    ),
    rule_of(
        "appliance_by_the_bath",
        "seche|grille|toaster|hair|hairdryer",
        r"\b(?:(?:baignoire|bain|bathtub|bath|tub) (?:\w+ ){0,8}?(?:seche cheveux|grille pain|"
        r"toaster|hairdryer|hair dryer) (?:\w+ ){0,2}?(?:branche|plugged in|plugged|allume|"
        r"switched on|a cote|next to it|on the edge|sur le bord)|(?:seche cheveux|grille pain|"
        r"toaster|hairdryer|hair dryer) (?:\w+ ){0,2}?(?:branche|plugged in|allume|switched on) "
        r"(?:\w+ ){0,6}?(?:baignoire|bain|bathtub|bath|tub))\b",
        "method",
        URGENT,
    ),
    rule_of(
        "walking_into_water",
        "mer|sea|ocean|lake|lac|riviere|river|eau|water",
        r"\b(?:(?:vers|dans) (?:la mer|le ocean|le lac|la riviere|le eau)|into the (?:sea|ocean|"
        r"lake|river|water))\b(?=.{0,60}\b(?:je me arreterai pas|je me arreterai plus|"
        r"not stopping|will not stop|reviendrai pas|not coming back|up to my (?:chest|neck|"
        r"waist|shoulders)|jusqu a (?:la poitrine|la taille|le cou)))",
        "attempt",
        URGENT,
        negatable=False,
    ),
    rule_of(
        "ligature_gave_way",
        "ceinture|corde|rope|belt|cord|noeud|snapped|broke",
        r"\b(?:(?:ceinture|corde|rope|belt|cord) (?:\w+ ){0,2}?(?:a lache|a cede|a casse|"
        r"snapped|broke|gave way)|(?:snapped|broke) (?:\w+ ){0,2}?(?:belt|rope|cord))\b"
        r"(?=.{0,60}\b(?:reessayer|recommencer|retenter|try again|trying again|retry))",
        "attempt",
        URGENT,
        negatable=False,
    ),
    # --- a bare act with a time: "kms tonight", "me tuer ce soir"
    rule_of(
        "bare_act_with_time",
        "kill|end|tuer|suicider|finir|foutre",
        rf"\b{_ACT_SELF} (?:tonight|tomorrow|today|this weekend|ce soir|cette nuit|demain|"
        r"ce week end)\b",
        "plan",
        URGENT,
        person=Person.SELF,
    ),
    # --- farewells said sideways
    rule_of(
        "see_you_on_the_other_side",
        "see|retrouve|reverra|autre",
        r"\b(?:see you (?:all )?on the other side|on se retrouve de l autre cote|see you "
        r"(?:up there|in heaven|in another life)|on se reverra la haut|a dans une autre vie)\b",
        "farewell",
        URGENT,
        negatable=False,
        exclude=r"\b(?:river|bridge|pont|riviere|rive|tunnel|border|frontiere|game|jeu|level|"
        r"niveau|exam|exams|holidays?|vacances|break|summer|ete)\b",
    ),
    rule_of(
        "this_is_goodbye",
        "goodbye|adieux|adieu|pensee|thoughts|thought",
        r"\b(?:this is goodbye|ce sont mes adieux|ce est un adieu|ma derniere pensee sera pour|"
        r"my last thoughts? will be (?:of|with|for))\b",
        "farewell",
        URGENT,
        negatable=False,
        exclude=r"\b(?:season|saison|show|series|serie|job|city|ville|school|ecole|flat|house|"
        r"blog|channel|chaine|stream|for now|pour le moment|see you|a bientot|a plus)\b",
    ),
    rule_of(
        "end_then_bye",
        "bye|adieu|goodbye|ciao",
        r"\b(?:ce est la fin|this is the end|that is the end|ce est fini) \| (?:bye|adieu|"
        r"goodbye|bye bye|ciao)\b",
        "farewell",
        URGENT,
        negatable=False,
    ),
    # Thanks for trying, the only one who did: each ordinary alone, a goodbye together.
    rule_of(
        "thanks_for_trying",
        "thank|thanks|merci",
        r"\b(?:thank you|thanks|merci) (?:\w+ ){0,2}?(?:for trying|de avoir essaye|"
        r"pour tout ce que (?:tu as|vous avez|te as) fait pour moi)\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
    ),
    rule_of(
        "the_only_one",
        "only|seule|seul",
        r"\b(?:you were the only one (?:who|that)|(?:te|tu) etais (?:la seule|le seul))\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
    ),
    # Affairs settled and no need for anything any more: two of them make a preparation.
    rule_of(
        "affairs_settled",
        "vide|virements|paid|rembourse|closed|ferme|efface|deleted|lettre|letter|note",
        r"\b(?:vide mon compte|fait des virements a|paid off (?:my )?(?:debts?|bills?|phone bill|"
        r"credit card|loans?)|rembourse (?:toutes )?mes dettes|closed my (?:bank )?accounts?|"
        r"ferme mes comptes|efface tous mes comptes|deleted all my (?:accounts|socials)|"
        r"(?:ecrit|laisse) (?:une |des )?lettres? (?:pour|a) (?:mes parents|ma mere|mon pere|"
        r"ma famille|maman|papa|mes enfants|mes soeurs|mes freres)|wrote (?:a )?(?:letters?|"
        r"notes?) (?:to|for) (?:my )?(?:mom|mum|mother|dad|father|parents|family|sister|"
        r"brother|kids))\b",
        "preparation",
        URGENT,
        weak=True,
    ),
    rule_of(
        "no_need_any_more",
        "besoin|need|tidy|order|settled|ordre|regle",
        r"\b(?:je aurai plus besoin de rien|will not need (?:anything|any of it|it|them) "
        r"(?:anymore|any more)|everything (?:is )?(?:tidy|in order|settled) now|tout est en "
        r"ordre maintenant|tout est regle maintenant|my affairs are in order|mes affaires sont "
        r"en ordre)\b",
        "preparation",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
    ),
    # --- someone armed at the door ("mon ex est en bas avec une batte")
    rule_of(
        "armed_at_hand",
        "batte|bat|couteau|knife|arme|gun|flingue|hache|axe|machette|barre|crowbar",
        # French "a" (has) only before "un"/"une": English "a" is the article.
        r"\b(?:(?:est|is) (?:\w+ ){0,6}?(?:avec|with)|has|had|a(?= une? )) (?:une |un |an |a )?"
        r"(?:batte|bat|"
        r"couteau|knife|arme|gun|flingue|hache|axe|machette|barre de fer|crowbar)\b",
        "danger",
        person=Person.OTHER,
        exclude=r"\b(?:cuisine|cooking|kitchen knife set|camping|swiss army|suisse|baseball|"
        r"softball|cricket|practice|match|training|entrainement|jeu|game|chef|bbq|barbecue|"
        r"fruit|steak|hunting|chasse|boxing|boxe)\b",
    ),
    # --- plans: a time chosen to be alone, a place or a date chosen, how one will do it
    rule_of(
        "alone_then_doing_it",
        "fais|doing",
        r"\b(?:quand (?:ils|elles|tout le monde|mes parents) (?:seront|sera|sont|dormiront|"
        r"dorment) (?:\w+ ){0,3}?je le fais|(?:after|when|once) (?:everyone|everybody|they|my "
        r"parents) (?:is |are )?(?:asleep|gone|out|at work|leave|leaves) (?:\w+ ){0,2}?i am "
        r"doing it)\b",
        "plan",
        URGENT,
        person=Person.SELF,
        exclude=r"\b(?:party|fete|soiree|menage|cleaning|homework|devoirs|cake|gateau|surprise|"
        r"movie|film|game|jeu)\b",
    ),
    rule_of(
        "chose_place_or_date",
        "choisi|picked|chosen|chose",
        r"\b(?:je ai choisi (?:le endroit|l endroit|la date|le jour|le moment)|i (?:have )?"
        r"(?:picked|chosen|chose) (?:the )?(?:place|spot|date|day|moment))\b",
        "plan",
        timed=True,
        exclude=r"\b(?:wedding|mariage|party|fete|soiree|holidays?|vacances|trip|voyage|"
        r"restaurant|resto|exams?|rdv|appointment|meeting|reunion|anniversaire de|move|"
        r"demenagement)\b",
    ),
    rule_of(
        "over_for_me",
        "fini|termine|over",
        r"\b(?:(?:ce|ca|tout) sera (?:fini|termine) pour moi|it will (?:all )?be over for me)\b"
        # "ce sera fini pour moi les examens": a thing that ends, named after it
        r"(?! (?:les|le|la|ce|cette|ces|mes|the|my|this) )",
        "plan",
        person=Person.SELF,
        timed=True,
    ),
    # Also said of a talk or an exam: "I know how I'm going to do it, the presentation".
    rule_of(
        "know_how_i_will",
        "know|ik|sais",
        r"\b(?:(?:i know|ik) (?:exactly )?how i am going to do it|je sais (?:exactement )?"
        r"comment je vais (?:le faire|faire))\b",
        "plan",
        person=Person.SELF,
        timed=True,
        exclude=r"\b(?:presentation|talk|speech|exam|slides|expose|oral|interview|entretien|"
        r"i mean|je veux dire|recipe|recette|project|projet)\b",
    ),
    rule_of(
        "blades_for_tonight",
        "vise|aim|lames|blades|razor",
        r"\b(?:je vise (?:les veines|la carotide|le cou)|aim(?:ing)? for the (?:veins?|artery|"
        r"arteries)|(?:lames|blades|razor blades) (?:\w+ ){0,2}?(?:pour ce soir|for tonight))\b",
        "method plan",
        URGENT,
        person=Person.SELF,
    ),
    # --- acts just made
    rule_of(
        "deeper_than_meant",
        "deeper|profond",
        r"\b(?:deeper than i (?:meant|wanted|intended)|plus profond que (?:prevu|je voulais|"
        r"je pensais))\b",
        "attempt self_harm",
        URGENT,
        person=Person.SELF,
        negatable=False,
        exclude=r"\b(?:cooking|cuisine|chopping|onions?|oignons?|carottes?|carrots?|bread|"
        r"shaving|rasant|accident\w*|dig\w*|creus\w*|hole|trou|dive|plongee|water|eau)\b",
    ),
    rule_of(
        "over_the_rail",
        "rail|railing|barrier|fence|guardrail|rambarde|barriere|balustrade|grille",
        r"\b(?:other side of the (?:rail|railing|barrier|fence|guardrail)|de l autre cote de la "
        r"(?:rambarde|barriere|balustrade|grille))\b",
        "attempt",
        URGENT,
        person=Person.SELF,
        exclude=r"\b(?:garden|jardin|field|champ|dog|chien|ball|ballon|road|route|street|rue|"
        r"neighbou?r|voisin)\b",
    ),
    rule_of(
        "pills_with_alcohol",
        "vodka|alcohol|alcool|whisky|whiskey|rhum|rum|wine|vin|beer|biere|booze",
        r"\b(?:mixed|melange|pris|took|taken|swallowed|avale) (?:all |tous |toutes |the whole "
        r"(?:bottle|box) of |toute la boite de )(?:my |mes |les )?(?:meds|pills|medocs|cachets|"
        r"medicaments|comprimes) (?:\w+ ){0,2}?(?:with|avec) (?:the |de la |du |la |le |a |une )?"
        r"(?:vodka|alcohol|alcool|whisky|whiskey|rhum|rum|wine|vin|beer|biere|booze)\b",
        "attempt",
        URGENT,
    ),
    # --- wishes and thoughts said with a vehicle, an accident, a fall
    rule_of(
        "hit_by_a_vehicle",
        "hit|renversait|ecrasait|percutait",
        r"\b(?:if (?:i got|i get|i was) hit by a (?:bus|car|truck|train)|si un (?:camion|bus|"
        r"train|voiture) me (?:renversait|ecrasait|percutait))\b",
        "wish_to_die",
        person=Person.SELF,
        negatable=False,
        exclude=r"\b(?:call|appelle|insurance|assurance|who would|qui va)\b",
    ),
    rule_of(
        "swerve_on_purpose",
        "swerv|tourner|foncer",
        r"\b(?:swerv\w* into (?:oncoming traffic|a tree|a wall|the barrier)|pas tourner au "
        r"virage|foncer dans (?:un arbre|un mur|un platane))\b",
        "active_thoughts",
        person=Person.SELF,
        exclude=r"\b(?:almost|nearly|failli|deer|chevreuil|animal|ice|verglas|drunk driver)\b",
    ),
    rule_of(
        "hurt_to_jump",
        "sauter|jump|pendre|hang",
        r"\b(?:si ca ferait mal de|if it would hurt to|how much it would hurt to) (?:sauter|"
        r"jump|me pendre|hang)\b",
        "active_thoughts method",
        person=Person.SELF,
    ),
    rule_of(
        "tired_of_waking",
        "tired|marre|fatigue",
        r"\b(?:tired of waking up|marre de me reveiller|fatiguee? de me reveiller)\b",
        "wish_to_die",
        person=Person.SELF,
        exclude=r"\b(?:at \d+|a \d+ h|\d+ h|early|tot|for (?:this|my|the) (?:job|work|class|"
        r"school)|pour (?:le|mon|ce) (?:boulot|travail|taf|job|cours))\b",
    ),
    rule_of(
        "nothing_left_here",
        "nothing|rien",
        r"\b(?:nothing left for me (?:here|anymore)|plus rien pour moi (?:ici|sur cette terre))\b",
        "hopelessness",
        person=Person.SELF,
        negatable=False,
    ),
    rule_of(
        "self_harm_marks",
        "burnt|burned|scratched|punched",
        r"\b(?:(?:burnt|burned) my (?:wrists?|arms?|legs?|thighs?|skin) with|scratched myself "
        r"(?:raw|until|till)|punched (?:the |a )?wall (?:til|till|until) (?:my )?knuckles)\b",
        "self_harm",
        person=Person.SELF,
        exclude=ACCIDENT,
    ),
)
