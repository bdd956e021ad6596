"""Risk rules: farewells, danger from someone else, and someone else
at risk.

See ``risk_rules`` for what a rule says and how the model reads it.
"""

from __future__ import annotations

from bot.domain.risk_rules_base import (
    SEE_YOU,
    THIRD_SELF,
    URGENT,
    G,
    Person,
    Rule,
    rule_of,
)

# Farewells to a group one leaves for another job, school or town ("j'ai fait mes adieux a
# l'equipe, je commence lundi") are no goodbye to life.
WORKPLACE = (
    r"(?:mes |ma |mon |l |la |le |les |toute l |toute la |tout le |nos |notre |my |the |our )"
    r"(?:anciens? |anciennes? |old |former )?(?:collegues?|colleagues?|coworkers?|classe|class|"
    r"profs?|equipe|team|boite|company|bureau|office|service|club|stage|stagiaires?|eleves?|"
    r"students?|voisins?|neighbou?rs?|colocs?|flatmates?|roommates?|quartier|ville|town|crew|"
    r"boss|patron|patronne|chef|magasin|shop|restau|restaurant|asso|association)"
)

RULES: tuple[Rule, ...] = (
    # --- farewells
    rule_of(
        "last_message",
        "last|final|dernier|goodbye|revoir|adieu",
        r"\b(?:this is|here is|ce est|voici) (?:my|mon) (?:goodbye|au revoir|adieu)\b|"
        r"\b(?:this is|here is|ce est|voici|this will be|that will be|ce sera|ca sera) (?:my|mon) "
        r"(?:last|final|dernier) (?:message|msg|text|post|mot|words|tweet|story)\b|"
        r"\b(?:(?:the|my|la|ma) (?:last|final|derniere) (?:time|fois) "
        r"(?:we will|we ll|we talk|we speak|you will|you hear|i talk|i write|que on se parle|"
        r"que je vous parle|que je te parle|que vous me|que on se voit|que tu me)\b)|"
        r"(?:it is|ce est) la derniere fois que on se parle|derniere fois que (?:vous|tu|on) "
        r"(?:\w+ ){0,4}(?:nouvelles|parle|parler|voit|vois|lis|lirez|entendrez)",
        "farewell",
        URGENT,
        person=Person.SELF,
        exclude=SEE_YOU,
    ),
    rule_of(
        "goodbye_forever",
        "goodbye|bye|adieu|farewell|hear from|again|reverra|around|longer|anymore|tomorrow|"
        "christmas|birthday|holidays|serai|parler|gone|parti|lirez|liras|read|reads|finds|find|"
        "for good|toujours|de bon|nouvelles|news|loved|aimais|revoir|adieux|lit|lisez|lis|"
        "trouv",
        r"\b(?:bye (?:everyone|everybody|all of you|forever)|goodbye (?:everyone|everybody|all|"
        r"world|forever|for good|cruel world|my "
        r"friends|the world|to all)|if (?:you|u) do not hear from me|si (?:vous|tu) (?:ne )?"
        r"(?:avez|as|aurez|auras) (?:pas|plus) de (?:nouvelles|news)|know that i loved you|"
        r"sachez que je vous aimais|sache que je te aimais|je vous aimais|i loved you all|"
        # The look-behinds follow "adieu" so that they are only tried where it is.
        r"adieu(?<!carte de adieu)(?<!pot de adieu)(?<!fete de adieu)(?<!cadeau de adieu)"
        r"(?<!soiree de adieu)(?<!repas de adieu)(?<!video de adieu)(?<!message de adieu)"
        r"(?<!dire adieu)(?<!dis adieu)(?<!dit adieu) "
        r"(?!a (?:mon|ma|mes|ce|cet|cette|la|le|l|son|sa|ses|"
        r"notre|nos) (?!vie\b))(?!(?:le|la|l|les|aux) )|bye forever|this is goodbye|"
        r"ce est un adieu|adieu (?:a tous|a toutes|tout le monde|mes amis|les amis|la vie|"
        r"le monde|ce monde)|farewell(?! (?:party|drink|dinner|gift|card|tour|"
        r"speech|lunch)\b)|(?:will not|never) (?:hear from me|see me) again|"
        r"(?:will not|never) see (?:you|any of you) again|"
        r"(?:will not|wo not|not going to) be (?:around|here|alive) (?:much longer|for long|"
        r"anymore|tomorrow|for (?:christmas|my birthday|new year|the holidays|long)|"
        r"(?:by|in the|at) (?:morning|sunrise|dawn)|when you wake up)|"
        r"(?:ne )?serai (?:plus|pas) (?:la|en vie|vivante?) (?:demain matin|au matin|au reveil|"
        r"quand (?:tu|vous) (?:te|vous) reveiller\w*|a ton reveil|a votre reveil)|"
        r"entendrez plus parler de moi|entendras plus parler de moi|"
        r"(?:ne )?(?:se )?reverra (?:pas|plus|jamais)|"
        r"(?:ne )?serai (?:bientot )?plus (?:la|en vie)(?: tres longtemps| longtemps| demain| "
        r"bientot)?|(?:saying|say|said) goodbye to (?:everyone|everybody|you all|all of you)|"
        r"(?:dis|dire|fais|faire) (?:au revoir|mes adieux) a (?:tout le monde|tous|vous tous)|"
        r"by the time you read this|quand (?:vous lirez|tu liras) (?:ce|ca|ceci|cela)|"
        r"before i go for good|avant de partir pour (?:toujours|de bon)|said my goodbyes(?! to "
        + WORKPLACE
        + ")|"
        r"(?:ai )?fait mes adieux(?! a " + WORKPLACE + ")|"
        r"when i am gone|quand je serai (?:plus la|partie?|morte?)|i will be gone (?:by|before|"
        r"tomorrow|tonight|soon)|if (?:anyone|someone|you) (?:reads|read|finds|find) this|"
        r"si (?:quelqu un|vous|tu) (?:lit|lisez|lis|trouve|trouvez) (?:ca|ce message|ceci))\b",
        "farewell",
        URGENT,
        person=Person.ANY,
        negatable=False,
        # Away for a reason said ("won't be here tomorrow, dentist appointment").
        exclude=SEE_YOU
        + r"|\b(?:appointment|rendez vous|rdv|dentist|dentiste|doctor|medecin|day off|conge|"
        r"shift|meeting|reunion|conference|training|formation|exam|examen|off sick|en arret|"
        # away on a journey said
        r"off to|leaving for|flying to|flight|trip|travel\w*|holiday|vacation|voyage|vacances|"
        r"en deplacement|"
        # away somewhere said ("demain je serai plus là, je pars chez ma mère")
        r"chez|je pars|pars (?:a|au|en|chez|pour)|stage|colo|internat|business trip)\b",
    ),
    rule_of(
        "goodbye_alone",
        "goodbye",
        r"(?:\| (?:goodbye|good bye)(?: everyone| all)? \|)",
        "farewell",
        URGENT,
        person=Person.SELF,
        weak=True,
        exclude=SEE_YOU,
    ),
    rule_of(
        "adieu_alone",
        "adieu",
        r"(?:\| (?:pardon pour tout |je vous aime )?adieu(?: a tous)? \|)",
        "farewell",
        URGENT,
        person=Person.SELF,
        exclude=SEE_YOU + r"|\b(?:dis adieu|dire adieu|said goodbye to (?:my|the|our))\b",
    ),
    rule_of(
        "sorry_for_everything",
        "sorry|pardon|desole|merci|thank|love you|aime|revoir|goodbye|adieux|said everything|"
        "dit tout|being my friend|avoir ete|ready|pret|in order|en ordre|blame|veux|voulez|fault|"
        "faute|mom|mum|dad|maman|papa|mama|love|aime",
        r"\b(?:sorry for everything|pardon pour tout|desolee? pour tout|thank you for everything|"
        r"thanks for everything|"
        r"merci pour tout|thank you for trying|merci de avoir essaye|i love you all|love you all|"
        r"je vous "
        r"aime tous|je vous aime toutes|said (?:my )?goodbyes(?! to "
        + WORKPLACE
        + ")|said goodbye to everyone|dit au "
        r"revoir a tout le monde|fait mes adieux(?! a "
        + WORKPLACE
        + ")|sorry i was (?:such )?a burden|desolee? de "
        r"avoir ete un (?:poids|fardeau)|said everything i (?:needed|wanted|had) to say|"
        r"dit tout ce que je (?:avais|voulais) (?:a )?dire|thank you for being my friend|"
        r"merci de avoir ete (?:mon amie?|la|mon pote)|everything is ready|tout est pret|"
        r"everything is in order|tout est en ordre|i am ready to go|je suis prete? a partir|"
        r"(?:sorry|pardon|desolee?) (?:mom|mum|dad|maman|papa|"
        r"mama)|i love you (?:mom|mum|dad)|je te aime (?:maman|papa))\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        weak=True,
        exclude=SEE_YOU,
    ),
    rule_of(
        "do_not_blame_yourself",
        "blame|veux|voulez|fault|faute",
        r"\b(?:(?:do not|dont) blame yourself|(?:ne )?(?:te|vous) en (?:veux|voulez) pas|it is not "
        r"your fault|ce est pas (?:ta|votre) faute)\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        negatable=False,
        weak=True,
    ),
    rule_of(
        "look_after_for_me",
        "care|look after|soin|occupe|tell my|dites|dis a|feed|tell",
        r"\b(?:(?:take care of|look after|feed|prenez soin de|prends soin de|occupe te de|"
        r"occupez vous de|occupe vous de|te occuper de|vous occuper de|occuper de) (?:my|mon|ma|"
        r"mes) "
        rf"(?:{G}{{0,1}})?(?:cat|dog|pets?|kids|children|plants|mom|mum|family|chat|chien|chats|"
        rf"chiens|enfants|plantes|maman|mere|famille|hamster|rabbit|lapin) (?:{G}{{0,2}})?"
        r"(?:for me|pour moi|when i am gone|after i am gone|quand je serai (?:plus la|partie?)|"
        r"apres moi|once i am gone)|(?:take care of|look after|prenez soin de|prends soin de|"
        r"occupez vous de|occupe te de) (?:maman|papa|mum|mom|dad|mamie|papi|nan|grandma) "
        r"(?:for me|pour moi)|(?:tell|dites a|dis a) (?:my|ma|mon|mes) (?:\w+ ){1,2}"
        r"(?:that )?(?:i love|que je (?:l|les|te) aime)|(?:tell|dites a|dis a) (?:everyone|"
        r"everybody|all|tout le monde|tous|(?:my|ma|mon|mes) (?:\w+ )?\w+) (?:that )?(?:que )?"
        r"(?:i am sorry|i am so sorry|je suis desolee?|je suis vraiment desolee?))\b",
        "farewell",
        URGENT,
        person=Person.SELF,
        exclude=SEE_YOU,
    ),
    # --- danger from someone else
    rule_of(
        "danger_self_report",
        "danger|safe|securite",
        r"\b(?:(?:i am|je suis|suis) (?:in danger|en danger)|(?:i am|i feel) not safe|"
        r"(?:do not|no longer) feel safe|(?:ne )?(?:suis|sens) pas en securite|"
        r"(?:ne )?me sens pas en securite)\b",
        "danger",
        negatable=False,
    ),
    rule_of(
        "violence_against_me",
        "hit|hurt|beat|strangl|chok|punch|kick|slap|rape|threat|lock|follow|stalk|kill|frapp|bat|"
        "suit|suiv|menac|viol|etrangl|enferm|tue|touch|abus|molest|tripot|agress|break|broke|"
        "defonc|force|entr|rentr|use|shoot|servir|tirer|trying|tries|tried|essaie|fasse|fait|"
        "faire|allait|va|voulait|porte|door",
        r"\b(?:(?:hits|hit|beats|beat|beating|hurts|strangled|strangles|choked|chokes|punched|"
        r"punches|kicked|kicks|slapped|slaps|raped|rapes|threatened|threatens|is threatening|"
        r"locked|locks|following|follows|stalking|stalks) me|threatened to kill me|"
        r"(?:said|says) (?:he|she|they) (?:would|will|is going to|ll) (?:kill|hurt) (?:me|us)|"
        r"(?:he|she|they|il|elle|ils) (?:is |are )?(?:going to|gonna|will|va|vont|veut) "
        r"(?:kill me|hurt me|beat me|kill us|kill us all|kill all of us|me tuer|me frapper|"
        r"me faire du mal|nous tuer|tous nous tuer)|"
        r"(?:will|would|going to) (?:kill|hurt) me|"
        r"me (?:frappe|frappent|bat|battait|battent|suit|suivent|menace|menacent|viole|enferme|"
        r"etrangle|a etranglee?|a frappee?|a menacee?|a violee?|a enfermee?|tuerait|tuera)|"
        r"menace de me tuer|(?:allait|va|voulait) me tuer|me (?:fasse|fait|faire) du mal|"
        r"use (?:it|the gun|a gun|the knife|a knife) (?:on|against) (?:me|us)|shoot me|"
        r"(?:hits|beats|hit|beat|frappe|bat|battait|frappait) (?:my|ma|mon|mes) \w+ (?:and|et) "
        r"(?:me|moi)|"
        r"(?:touches|touched|touching|abuses|abused|molests|molested) me|me (?:touche|tripote|"
        r"touchait|agresse)|(?:trying|tries|tried) to (?:get|break) in(?:to)? (?:my|the|our)|"
        r"essaie de (?:entrer|rentrer) (?:chez|dans)|"
        r"(?:en )?servirait contre (?:moi|nous)|tirer sur (?:moi|nous)|"
        r"me a (?:encore |deja |souvent |toujours )?(?:frappee?|etranglee?|enfermee?|menacee?|"
        r"violee?|battue?)|"
        r"(?:breaking|broke|broken) (?:down |into )?(?:the |my )?(?:door|house|apartment|flat|"
        r"room|place)|(?:entr|rentr)\w* de force|"
        r"defonce\w* (?:la )?porte)\b",
        "danger",
        person=Person.OTHER,
        exclude=r"\b(?:if|si|when|quand|lorsque|once) (?:\w+ ){1,3}(?:sees|saw|voit|voyait|voient|"
        r"verra|will see|finds|found|apprend|"
        r"apprenait|knows|knew|sait|savait|catches|caught|trouve|trouvait|decouvre)\b|"
        r"\b(?:fortnite|game|jeu|video|match|boss|level|niveau|blague|jokes?|chess|echecs|cards|"
        r"cartes|tennis|poker|scrabble|monopoly|beat me at|pillow|oreiller)\b|"
        # a mischief and "she's going to kill me" for it, with no blow ever told
        r"\b(?:je ai (?:fait une (?:connerie|betise)|mange|bu|casse|perdu|pique|emprunte|"
        r"renverse|oublie|raye|abime)|i (?:ate|drank|broke|lost|borrowed|spilled|forgot))\b"
        r"(?=.*\b(?:va|vont|is going to|are going to|is gonna) (?:me tuer|kill me)\b)"
        r"(?!.*\b(?:frapp\w*|bat|battu\w*|hit\w*|beat\w*|hurt\w*|menac\w*|threat\w*)\b)",
    ),
    rule_of(
        "armed_at_door",
        "knife|gun|couteau|flingue|arme|door|porte|outside|devant|house|maison|window|fenetre|"
        "work|travail|pistolet",
        r"\b(?:(?:is|est) (?:outside|devant|at|a) (?:my|ma|the|la) (?:door|porte|house|maison|"
        r"window|fenetre|work|travail)|with a (?:knife|gun)|avec un (?:couteau|flingue|fusil|"
        r"pistolet)|avec une arme)\b",
        "danger",
        person=Person.OTHER,
    ),
    # --- about someone else: a concern for a peer to hear, not the writer's own risk
    rule_of(
        "third_person_suicide",
        "himself|herself|themsel|tuer|tue|suicid|pendr|pendu|scarif|mal|mutil|jeter|coup|brul|"
        "griff|frapp|life|jours|vie|overdose|od|ts|essaye|tente|die|mourir|finir|disparaitre|dead|"
        "mort|killing",
        rf"\b(?:(?:kill|killing|kills|killed|hurt|hurts|hurting|harm|harms|harming|cut|cuts|"
        rf"cutting|"
        rf"burns|burning|unalive) "
        rf"{THIRD_SELF}|se (?:tuer|tue|suicider|suicide|pendre|scarifie|scarifier|fait du mal|"
        r"coupe|coupait|brule|griffe|frappe|mutile|"
        r"faire du mal|mutile|jeter)|s est (?:suicidee?|tuee?|pendue?)|"
        r"(?:end|ending|take|taking) (?:his|her|their) (?:own )?life|mettre fin a (?:ses|leurs) "
        r"jours|mettre fin a (?:sa|leur) vie|(?:tried|attempted) to (?:overdose|od|kill (?:him|"
        r"her|them)sel\w*|end (?:his|her|their) life)|a (?:essaye|tente) de (?:faire une "
        r"(?:overdose|od|ts)|se tuer|se suicider|mettre fin a ses jours)|"
        r"(?:wants?|wanted|wanting|"
        r"wishes) to die|(?:veut|"
        r"voulait|veulent|allait|va|vont) (?:mourir|"
        r"en finir|disparaitre)|(?:he|she|they) (?:would|will|is|are|was) (?:{g}{{0,1}})?"
        r"better off dead|serait (?:{g}{{0,1}})?mieux (?:mort|morte)|"
        r"(?:talking|talks|talked|parle|parlent|parlait) (?:about |of |de |du )?(?:suicide|"
        r"killing (?:himself|herself|themselves)|le suicide))\b".format(g=G),
        "third_person",
        person=Person.THIRD,
    ),
)
