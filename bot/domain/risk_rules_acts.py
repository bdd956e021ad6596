"""Risk rules: means at hand, preparation (letters, belongings given
away, pills stockpiled), and an act under way or just made.

See ``risk_rules`` for what a rule says and how the model reads it.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import (
    ABOUT_FR,
    ACCIDENT,
    AT_HAND,
    BLADE,
    GUN,
    HEIGHT,
    KILL_SELF_EN,
    MEANS,
    NOT_MEDICINE,
    PILLS_EN,
    PILLS_FR,
    PURPOSE,
    QTY_EN,
    QTY_FR,
    ROPE,
    SOCIAL,
    URGENT,
    G,
    Person,
    Rule,
    rule_of,
)

# One act of settling one's affairs ("cancelled my subscriptions", "remboursé tout le monde").
_SETTLE = (
    r"(?:cancell?ed (?:all )?my (?:subscriptions?|accounts?|contracts?|phone|lease|memberships?)|"
    r"paid (?:back|off) (?:everyone|everybody|all|my debts|what i owe)|left (?:the|my) keys|"
    r"returned (?:everything|all the things) i (?:borrowed|owe)|sorted (?:out )?my (?:will|papers)|"
    r"(?:deleted|closed) (?:all )?my (?:accounts|social media)|"
    r"resilie (?:tous )?mes (?:abonnements|contrats|comptes)|"
    r"rembourse (?:tout le monde|mes dettes|tout ce que je devais)|"
    r"(?:laisse|rendu|donne) (?:mes|les) cles|rendu tout ce que (?:je ai|on me a) prete|"
    r"(?:supprime|ferme) (?:tous )?mes comptes|range (?:tous )?mes papiers|fait mon testament)"
)

RULES: tuple[Rule, ...] = (
    # --- means at hand, preparation
    rule_of(
        "means_at_hand",
        "pill|tablet|med|box|bottle|gun|knife|razor|blade|rope|noose|cachet|compri|pilule|"
        "boite|couteau|lame|flingue|fusil|corde|noeud|arme|bullet|cartouche|somnif|plaquette|"
        "capsul|opioid|heroin|rasoir|cutter|scalpel|cord|balle|revolver|firearm|pistol|rifle|"
        "shotgun|lame|DRUGS",
        rf"\b(?:{MEANS} (?:{G}{{0,3}})?(?:is |are |est |sont |sont la )?{AT_HAND}|"
        rf"(?:{GUN}|{BLADE}|{ROPE}) (?:(?:\w+|\|) ){{0,8}}(?:on my lap|sur mes genoux|"
        r"in my pocket|dans ma poche|next to me|a cote de moi|devant moi|in front of me)|"
        rf"(?:have|got|holding|hold|ai|tiens|je ai) (?:{G}{{0,7}})?{MEANS} "
        rf"(?:{G}{{0,2}})?(?:{AT_HAND}|here|tied|out)|(?:holding|hold|tiens|serre) "
        rf"(?:{G}{{0,2}})?{MEANS}|{MEANS} (?:{G}{{0,3}})?(?:is |est )?"
        rf"(?:loaded|charge|chargee|tied|attachee?|pret(?:e|es|s)?|ready))\b",
        "method",
        URGENT,
        exclude=PURPOSE + r"|\b(?:every (?:evening|morning|night|day)|tous les (?:soirs|"
        r"matins|jours)|prescribed|ordonnance|pharmac\w*|doctor|medecin|"
        # a dose to take with a meal is a reminder
        r"(?:remember|don t forget|n oublie pas|pense) (?:\w+ ){0,2}(?:to take|de prendre|"
        r"a prendre)|take (?:one|two|1|2) with|with (?:dinner|lunch|breakfast|food|your meal)|"
        r"avec le repas|au repas|"
        # a habit said ("je les prends le soir", "I take them at night"), not a dose now
        r"(?:je les prends|je le prends|i take (?:them|it|mine)) (?:\w+ ){0,2}(?:le soir|"
        r"le matin|au coucher|at night|in the morning|at bedtime|before bed|every))\b",
    ),
    rule_of(
        "found_gun",
        "gun|bullet|fusil|flingue|cartouche|arme|pistol|rifle|ammo",
        rf"\b(?:found|have access to|know where|trouve|sais ou) (?:{G}{{0,4}})?{GUN}\b.*"
        r"\b(?:bullets|ammo|cartouches|balles|loaded|charge)\b",
        "method",
        URGENT,
        exclude=PURPOSE,
    ),
    rule_of(
        "bought_means",
        "bought|buy|acquired|achete|rope|corde|gun|flingue|charcoal|charbon|noose|pistol|"
        "rifle|helium|razor|lame|purchas|order|command|got",
        rf"\b(?:bought|buy|got|purchased|ordered|achete|commande) (?:{G}{{0,2}})?"
        r"(?:a |an |une |un |some |du |de le |des )?(?:rope|noose|gun|pistol|rifle|flingue|"
        r"pistolet|fusil|corde|noeud coulant|razor blades|lames de rasoir)\b"
        r"(?! (?:safe|case|cabinet|licen[cs]e|show|range|lock|holster)\b)",
        "method preparation",
        URGENT,
        exclude=PURPOSE,
    ),
    rule_of(
        "prepared_means",
        "noose|rope|corde|noeud|tape|sealed|scotch|calfeutr",
        r"\b(?:(?:corde|noeud|rope|noose) (?:\w+ ){0,1}autour (?:du|de mon) cou|"
        rf"(?:prepared|tied|made|ready|prepare|fait) (?:{G}{{0,2}})?(?:noose|rope|"
        rf"noeud coulant|corde|noeud)|(?:noose|rope|corde|noeud coulant) (?:{G}{{0,2}})?"
        r"(?:is |est )?(?:ready|tied|prete|attachee|pret)|taped up the (?:windows|doors|vents)|"
        r"sealed (?:the|my) (?:room|windows|door)|calfeutre\w*|scotche les fenetres)\b",
        "method preparation",
        URGENT,
        exclude=PURPOSE,
    ),
    rule_of(
        "stockpile",
        "stock|sav|hoard|stash|cote|garde|accumul|collect|DRUGS|collection|amasse|saving|saved|"
        "keeping",
        rf"\b(?:stockpil\w*|stocking up|saving up|saved up|saving|saved|keeping|hoarding|"
        rf"hoarded|stash\w*|"
        rf"collecting|collectionne|amasse|stocke\w*|mis de cote|met de cote|garde|"
        rf"accumule\w*) (?:{G}{{0,3}})?"
        rf"(?:{PILLS_EN}|{PILLS_FR})\b",
        "preparation",
        URGENT,
        # A household's supply laid in for a season ("stocked up on paracetamol for flu
        # season with the kids").
        exclude=r"\b(?:flu|grippes?|flu season|saison des grippes|winter|hiver|for the kids|"
        r"with the kids|pour les enfants|the whole family|toute la famille)\b",
    ),
    rule_of(
        "letters",
        "letter|note|lettre|mots|will|testament|affairs|ordre|accounts|comptes|mot|video|message|"
        "post|video|message|post|updated|changed|mis|refait",
        r"\b(?:(?:suicide|goodbye|farewell) (?:note|letter|message|video|post)s?|"
        r"(?:video|message|post) de adieu|"
        r"lettres? de adieu|mots? de adieu|letters (?:to|for) (?:my|everyone)|"
        # one letter for each of one's own ("a letter for each of my kids")
        r"(?:letter|note|lettre|mot) (?:to|for|a|pour) (?:each of my|chacun de mes|chacune de "
        r"mes)|"
        r"notes? for (?:everyone|my family|my parents|my kids|my children)|"
        r"lettres (?:a|pour) (?:ma|mes|tout|tous|toutes|ceux|celles)|"
        r"letters (?:to|for) (?:everyone|all|the people|those)|(?:left|leaving|laisse|laisser) (?:"
        + G
        + r"{0,3})?"
        r"(?:a |une |un )?(?:letter|note|lettre|mot) (?:for|to|pour|a) (?:my|ma|mon|mes) "
        r"(?:family|parents|mom|mum|dad|sister|brother|kids|children|wife|husband|partner|"
        r"famille|mere|pere|soeur|frere|enfants|femme|mari)|(?:laisse|left) (?:des |some )?(?:mots|"
        r"notes) "
        r"(?:a|pour|for) (?:tout|everyone|ma|my)|(?:made|wrote|written|updated|changed|fait|ecrit|"
        r"redige|mis a jour|refait) "
        rf"(?:{G}{{0,1}})?(?:will|testament)|(?:put|putting) my affairs in order|"
        r"(?:tout|mes affaires) (?:mis|mises|mettre) en ordre|mis (?:de le |mes affaires )?"
        r"ordre dans mes affaires|(?:mis|mettre|remis) de l ordre dans mes affaires|(?:deleted|"
        r"supprime) (?:all|tous) (?:my|mes) (?:accounts|"
        r"comptes))\b",
        "preparation",
        URGENT,
        exclude=r"\b(?:pen ?pals?|correspondante?s?|collegue|colleague|coworker|retraite|"
        r"teachers?|profs?|school|ecole|trip|sortie|birthday|anniversaire|christmas|noel|"
        r"santa|thank you|merci|"
        r"retirement|qui part|who is leaving|"
        # a goodbye to a job one leaves ("une lettre d'adieu à mon ancien job")
        r"ancien (?:job|boulot|poste|travail)|old job|quitte la boite|quitting my job|"
        r"leaving my job|"
        r"lawyer|notaire|notary|solicitor|avocat|estate|twitter|"
        r"instagram|insta|facebook|tiktok|reddit|discord|social media|reseaux sociaux)\b",
    ),
    rule_of(
        "giving_away",
        "need|besoin|gave|give|donne|giv",
        r"\b(?:(?:will not|do not|would not|never) (?:be )?need(?:ing)? (?:them|it|this|these|"
        r"those|"
        r"anything|"
        r"my \w+)(?: anymore| any more| anyway| again| where i am going|(?= \|))|"
        r"(?:ne )?en aurai (?:plus|"
        r"pas) "
        r"besoin|(?:gave|given|giving) away (?:all )?(?:my|everything) (?:things|stuff|"
        r"belongings|possessions|everything)|donne toutes mes affaires)\b",
        "preparation",
        URGENT,
        negatable=False,
        exclude=r"\b(?:charity|association|sold|vendu|moving|demenag\w*|spain|espagne)\b",
    ),
    rule_of(
        "gave_to",
        "gave|given|giving|donne|confie|deleted|delete|tout|supprime|distribue",
        r"\b(?:gave|given|giving|donne|confie) (?:away )?(?:my|mon|ma|mes) (?:\w+ ){0,1}"
        r"(?:dog|cat|pets?|guitar|things|stuff|clothes|books|chien|chat|chats|guitare|affaires|"
        r"livres|vetements|bijoux|jewellery|jewelry|console) (?:to|a|away)\b|"
        r"(?:gave|given|giving) (?:away )?(?:my|all my) (?:stuff|things|belongings) away|"
        r"(?:donne|distribue) (?:toutes )?mes affaires\b|(?:deleted|delete) (?:everything|all "
        r"my (?:accounts|photos|messages|socials|social media|instagram|tiktok|snap))|"
        r"tout supprime|supprime tous mes (?:comptes|messages)",
        "preparation",
        URGENT,
        weak=True,
        exclude=r"\b(?:charity|association|holiday|vacances|while|pendant|sold|vendu|week)\b",
    ),
    # Affairs settled: two acts of tidying a life away in one message ("cancelled my
    # subscriptions, paid back everyone, left the keys with my neighbour"); one alone is
    # ordinary admin.
    rule_of(
        "settling_affairs",
        "cancel|paid|left|return|sorted|deleted|closed|resili|rembours|laisse|rendu|donne|"
        "supprim|ferme|range|fait",
        rf"\b{_SETTLE}\b(?: (?:\w+|\|)){{0,12}} (?:and |et )?{_SETTLE}\b",
        "preparation",
        URGENT,
        exclude=r"\b(?:moving|demenag\w*|holiday|vacances|trip|voyage|abroad|etranger|"
        r"erasmus|new flat|nouvel appart\w*|too expensive|trop cher|cheaper|moins cher)\b",
    ),
    # Belongings given away, over days: a warning sign, not an act under way.
    rule_of(
        "giving_things_away",
        "giv|gave|donne|distribu",
        r"\b(?:been|started|keep|am) (?:giving|gave) (?:away )?(?:all )?(?:my|of my) (?:stuff|"
        r"things|belongings|possessions|clothes|books)(?: away)?|(?:commence|continue) a "
        r"(?:donner|distribuer) (?:toutes )?mes (?:affaires|choses|vetements|livres)\b",
        "preparation",
        exclude=r"\b(?:charity|association|sold|vendu|moving|demenag\w*|declutter\w*|"
        r"marie kondo|tri|minimalis\w*|vide grenier|car boot|too small|trop petits?)\b",
    ),
    # --- attempt under way or just made
    rule_of(
        "overdose_taken_en",
        "took|taken|swallow|ate|downed|overdos|drank|cabinet|popped|had|DRUGS|injected",
        rf"\b(?:took|taken|swallowed|swallow|ate|downed|popped|had|injected) (?:{G}{{0,2}})?"
        rf"(?:{QTY_EN}|every|every single|each) "
        rf"(?:{G}{{0,4}})?{PILLS_EN}\b|\b(?:took|taken|swallowed) (?:my |the )?"
        rf"(?:whole|entire) (?:{G}{{0,1}})?{PILLS_EN}\b|\b(?:took|taken|swallowed) "
        r"everything in (?:the|my) (?:medicine |bathroom )?(?:cabinet|drawer)\b|"
        r"\b(?:took|taken|had|did|done) (?:an|a) (?:(?:massive|huge|big|bad|serious|"
        r"proper|fat) )?(?:overdose|od)\b|\boverdosed\b(?! on (?!(?:pills|meds|my|"
        r"paracetamol|tylenol|sleeping|insulin|heroin|drugs|antidepressants)))|"
        rf"\b(?:already|now) (?:took|taken|swallowed) (?:the |my |them|it)(?:{PILLS_EN})?|"
        r"\bdrank (?:bleach|antifreeze|poison|weed killer|pesticide)\b",
        "attempt",
        URGENT,
        exclude=rf"{NOT_MEDICINE}",
    ),
    rule_of(
        "overdose_taken_fr",
        "pris|aval|bu|overdose|surdose|prendre|vide| od|DRUGS|tout|inject",
        rf"\b(?:pris|avale|avaler|prendre|bu|vide|injecte|injecter) (?:{G}{{0,1}})?"
        rf"(?:{QTY_FR}|{ABOUT_FR}) "
        rf"(?:{G}{{0,3}})?"
        rf"{PILLS_FR}\b|\b(?:avale|pris) (?:{G}{{0,1}})?{PILLS_FR} (?:entiere?s?|en entier)|"
        rf"\b(?:deja|viens de) (?:{G}{{0,1}})?(?:pris|avale|prendre|avaler) "
        rf"(?:{G}{{0,2}})?{PILLS_FR}|"
        r"\b(?:fait|fais) une (?:(?:grosse|enorme|grave|belle|sacree) )?(?:overdose|surdose|od)\b|"
        r"\b(?:pris|avale) tout ce (?:que|qui) "
        r"(?:\w+ ){0,6}(?:armoire a pharmacie|pharmacie|boite a pharmacie|placard)\b|\b(?:bu|"
        r"avale) (?:de la |du |de le )?"
        r"(?:javel|poison|antigel|destop|desherbant)\b",
        "attempt",
        URGENT,
        # A dose taken as planned: "j'ai pris tous mes comprimés ce matin comme prévu".
        exclude=r"\b(?:comme (?:prevu|d habitude|tous les jours|toujours|prescrit)|tous les "
        r"(?:matins|soirs|jours)|chaque (?:matin|soir|jour)|le chien|le chat|le chiot|veto|"
        r"veterinaire)\b|" + NOT_MEDICINE,
    ),
    rule_of(
        "tried_recently",
        "tried|attempt|tent|essaye|ts",
        rf"\b(?:tried to (?:{KILL_SELF_EN}|end my life|die)|attempted suicide|suicide attempt|"
        r"(?:essaye|tente) de (?:me tuer|me suicider|me pendre|mettre fin a mes jours|en finir|"
        r"me noyer|me jeter)|tentative de suicide|fait une ts)\b",
        "attempt",
        timed=True,
    ),
    rule_of(
        "bleeding",
        "bleed|blood|sang|saign|deep|profond|saigne|arrete",
        r"\b(?:cut (?:too |very |really )?deep|cut deeper|cutting (?:\w+ )?deep(?:er)?|"
        r"won ?t stop bleeding|will not stop "
        r"bleeding|bleeding (?:a lot|badly|everywhere|heavily)|blood everywhere|lots of blood|"
        r"blood all over|"
        r"coupee? (?:trop |tres )?profond|saigne (?:beaucoup|enormement|partout|trop)|"
        r"sang partout|arrete pas de saigner|arrete pas de couler|arrive pas a arreter le sang|"
        r"(?:bleeding|saigne) (?:from|du|de la|des|de le) (?:my )?(?:wrists?|arms?|thighs?|neck|"
        r"poignets?|bras|cuisses?|cou)|"
        rf"(?:the|this) cut is (?:{G}{{0,1}})?deep)\b",
        "attempt self_harm",
        URGENT,
        exclude=ACCIDENT
        + r"|\b(?:nose|gums|period|regles|nez|finger|doigt|knee|genou|fell|tombee?|bike|velo|"
        r"scraped|egratign\w*|tooth|dent)\b",
    ),
    rule_of(
        "in_progress",
        "right now|en train|as we speak|cutting",
        r"\b(?:(?:cutting|burning|hurting|killing) (?:myself )?(?:right now|as we speak)|"
        r"en train de me (?:couper|scarifier|bruler|tuer|pendre|vider))\b",
        "attempt self_harm",
        URGENT,
        person=Person.SELF,
    ),
    rule_of(
        "on_the_edge",
        "bridge|roof|ledge|edge|cliff|balcony|tracks|rails|pont|toit|rebord|falaise|balcon|"
        "overpass|tower|parapet|voie|viaduc|fenetre|railing|toi|passerelle|footbridge",
        rf"\b(?:i am|je suis|je me tiens|standing|sitting|assise?) (?:{G}{{0,1}})?"
        rf"(?:on|at|sur|au bord de|on the edge of|at the edge of|au bord du|au dessus du) "
        rf"(?:the |a |le |la |les |l |the edge of the |the edge of )?(?:train |railway |"
        rf"metro )?{HEIGHT}\b"
        r"(?! (?:terrace|terrasse|bar|garden|jardin)\b)",
        "attempt method",
        URGENT,
        # Sitting up there for the sun or a book: "assise sur le rebord de la fenêtre à lire".
        exclude=SOCIAL + r"|\b(?:reading|read|a lire|lire|je lis|book|livre|sun is|the sun|"
        r"soleil|il fait beau|coffee|cafe|tea)\b",
    ),
    rule_of(
        "up_high",
        "top|haut|sommet|etage",
        r"\b(?:i am|je suis|standing|sitting|assise?) (?:at the top of|on top of|on the top "
        r"floor of|en haut du|en haut de la|en haut de le|en haut de|au sommet du|au sommet de|"
        r"au dernier etage du|au dernier etage de) (?:the |a |le |la |l )?(?:\w+ ){0,2}"
        r"(?:car park|parking|building|tower|immeuble|tour|bridge|pont|cliff|falaise|roof|toit|"
        r"block|barre|residence|hotel|mall)\b",
        "attempt method",
        URGENT,
        exclude=SOCIAL + r"|\b(?:family|famille|visit\w*|tourist\w*|touriste\w*|selfie|eiffel)\b",
    ),
    rule_of(
        "railing",
        "railing|rambarde|parapet|barriere|garde|legs|feet|jambes|pieds",
        r"\b(?:(?:on|sur) (?:the |la |le )?(?:railing|rambarde|parapet|barriere|garde corps) (?:of "
        r"the |du |de la |de le )?(?:bridge|pont|roof|toit|balcony|balcon)|(?:legs|feet) (?:over|"
        r"dangling over) the (?:side|edge)|(?:jambes|pieds) dans le vide)\b",
        "attempt method",
        URGENT,
        exclude=r"\b(?:paint\w*|repeint\w*|needs|doit etre|fix\w*|repar\w*)\b|"
        # the edge of a pool, a dock or a jetty: where one sits with one's legs in the water
        r"\bedge of the (?:pool|dock|pier|jetty|boat)\b|\bbord de la (?:piscine|jetee)\b",
    ),
    rule_of(
        "blade_on_body",
        "knife|blade|razor|couteau|lame|rasoir|cutter",
        rf"\b{BLADE} (?:\w+ ){{0,2}}(?:to|on|against|sur|contre) (?:my|mon|ma) (?:wrists?|arms?|"
        r"throat|neck|skin|poignets?|bras|gorge|cou|peau)\b",
        "method",
        URGENT,
    ),
    rule_of(
        "platform_edge",
        "edge|bord",
        r"\b(?:edge of the (?:platform|tracks|rails|roof|bridge)|bord du quai|bord des rails|"
        r"bord de la voie|bord du toit|bord du pont)\b",
        "attempt method",
        URGENT,
    ),
    rule_of(
        "blade_in_bath",
        "bath|baignoire|bain|bathroom|salle",
        rf"\b{BLADE}\b(?: (?:\w+|\|)){{0,8}} (?:in the bath|in the bathtub|dans la baignoire|"
        rf"dans le bain|in the bathroom|dans la salle de bain)\b|\b(?:in the bath|in the bathtub|"
        rf"dans la baignoire|dans le bain)"
        rf"(?: \w+){{0,8}} {BLADE}\b",
        "method",
        URGENT,
    ),
    rule_of(
        "survived_jump",
        "alive|vivant|vie",
        r"\b(?:jumped|saute) (?:(?:\w+|\|) ){0,6}(?:still alive|toujours (?:vivante?|en vie))\b",
        "attempt",
        URGENT,
        negatable=False,
        reaches_back=1,
    ),
    rule_of(
        "exhaust",
        "exhaust|echappement",
        rf"\b(?:hose|pipe|tube|tuyau) (?:{G}{{0,4}})?(?:exhaust|pot de echappement|"
        r"echappement)\b",
        "attempt method",
        URGENT,
        # a car being repaired
        exclude=r"\b(?:garagiste|mechanic|garage a|repar\w*|chang\w*|replac\w*|fix\w*|"
        r"rouill\w*|rust\w*|bruit|noise|controle technique)\b",
    ),
    rule_of(
        "car_running",
        "garage|exhaust|pot|car|voiture",
        rf"\b(?:car|engine|moteur|voiture) (?:is )?(?:running|tourne) (?:{G}{{0,2}})?"
        r"(?:in|dans) (?:the|le) garage\b|\b(?:car|voiture) (?:\w+ ){0,4}garage (?:\w+ ){0,4}"
        r"(?:engine|moteur) (?:\w+ )?(?:on|running|allume|tourne|qui tourne)\b",
        "attempt method",
        URGENT,
        exclude=r"\b(?:door open|porte ouverte|warming|warm up|warm it up|heat up|defrost|"
        r"chauffer|chauffe|degivrer|degivre)\b",
    ),
)
