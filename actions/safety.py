"""The deterministic safety net: messages about suicide, self-harm, violence, sexual
violence, harassment, having nowhere to sleep or immediate danger (pure Python).

It runs inside the NLU pipeline (:mod:`actions.nlu_components`) after the classifier and
turns the intent into ``distress`` whatever the classifier said, so it cannot be outvoted.
Hyperbole ("je meurs de faim", "ce cours me tue", "mort de rire") is told apart.
The help numbers and their sources are in ``actions/content/emergency.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from actions.textnorm import normalize_words

# Every ".*" gap between two cues is bounded, so that a long message (up to 2,000
# characters) cannot make a pattern with several gaps try every split of it.
MAX_GAP = 150


def _compile(source: str) -> re.Pattern[str]:
    return re.compile(source.replace(".*", f".{{0,{MAX_GAP}}}"))


SUICIDE = "suicide"
SELF_HARM = "automutilation"
FAMILY_VIOLENCE = "violence"
SEXUAL_VIOLENCE = "violence_sexuelle"
HARASSMENT = "harcelement"
HOMELESS = "sans_abri"
DANGER = "danger"

_WANT = (r"(?:veux|veut|voulait|voulais|voudrais|vais|vas|va|ai envie|a envie|avais envie|"
         r"envie|pense|pensais|pense souvent|compte|prefere|prefererais|aimerais|devrais|"
         r"parle|parlait|dit qu il voulait|dit qu elle voulait|peux plus m empecher)")
_RELATIVE = (r"(?:pere|mere|daron|daronne|parents?|beau pere|belle mere|frere|soeur|oncle|"
             r"tante|cousin|cousine|copain|copine|mec|meuf|ex|grand pere|grand mere|papa|"
             r"maman|famille|il|elle|ils|elles|on|quelqu un|qqn|un gars|un mec|un homme|"
             r"voisin|prof|patron|entraineur|maitre d apprentissage)")
_HIT = (r"(?:frappe|frappent|frappait|frapper|tape|tapent|tapait|bat|battent|battait|cogne|"
        r"cognent|gifle|giflent|etrangle|etranglait|defonce|defoncent|tabasse|tabassent|"
        r"pousse|poussait|brule|brulait|casse|menace|menacent|enferme|enfermait|jette)")
_HIT_PAST = (r"(?:frappe|frappee|tape|tapee|etrangle|etranglee|pousse|poussee|gifle|giflee|"
             r"brule|brulee|casse le bras|casse la|tabasse|tabassee|battu|battue|defonce|"
             r"mis une claque|mis des coups|enferme|enfermee|menace|menacee|viole|violee|"
             r"touche|touchee|force|forcee)")
_WEAPON = r"(?:couteau|flingue|pistolet|fusil|carabine|arme|armes|barres? de fer|batte|sabre)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (DANGER, _compile(
        r"\ben danger\b|\bpeur pour ma vie\b|\bpeur qu (?:il|elle|ils) me tue|\bau secours\b"
        r"|\ba l aide\b|\bmenace(?:e|s)? de mort\b|\bmenaces? de mort\b"
        rf"|\b(?:a|avec|sorti|sort|cherche|prend|pris|braque|menace|menacee)\s+(?:un|une|son|"
        rf"sa|des|ses|mon|le)\s+{_WEAPON}\b"
        rf"|\b{_RELATIVE}\b(?:\s+\w+){{0,3}}\s+(?:va|veut|vont|veulent|menace de|a dit qu il)\s+"
        r"(?:me|m)\s*(?:tuer|frapper|taper|buter|defoncer|tabasser)\b"
        r"|\b(?:il|elle|ils|on)\s+(?:me|m)\s+(?:tuerait|tuera|tueront|frappera|frapperait|"
        r"defoncera)\b|\bse venger sur moi\b"
        r"|\bme (?:suit|suivent|suivait)\b|\bm a suivie?\b|\bm attend\w* en bas\b"
        r"|(?<!\bje )(?<!\bje vais )(?<!\bje veux )\bm enferm\w*\b|\b(?:l|nous) enferm\w*\b"
        r"|\benferme(?:e)? (?:dans|a clef|a cle|chez)\b"
        r"|\bpeur de rentrer\b|\bpeur de (?:mon|ma) (?:pere|mere|beau pere|belle mere|copain|"
        r"mec|frere|ex)\b|\bveux pas rentrer chez moi\b.*\bpeur\b"
        r"|\bforce\w* a vendre\b|\bcherche son (?:fusil|arme|couteau)\b"
    )),
    (SUICIDE, _compile(
        r"\bsuicid|\b(?:je|j)\b(?:\s+\w+){0,4}\s+me\s+(?:tuer|tue|buter|foutre en l air|pendre|"
        r"jeter|defenestrer|flinguer|ouvrir les veines)\b"
        rf"|\b{_WANT}\b(?:\s+\w+){{0,2}}\s+(?:de |d )?(?:me |se |m |s )?(?:mourir|crever|"
        r"disparaitre|plus exister|en finir|plus vivre|arreter de vivre|mettre fin|"
        r"suicider|partir pour toujours)\b"
        r"|\ben finir\b|\bmettre fin a (?:mes|ma|ses|sa) (?:jours|vie)\b"
        r"|\b(?:plus|pas) envie de (?:vivre|rien)\b|\bpeux plus (?:de )?vivre\b"
        r"|\bsupporte plus (?:la vie|de vivre|cette vie)\b|\bfatigue(?:e)? de vivre\b"
        r"|\bmarre de (?:vivre|la vie|cette vie|tout)\b|\bplus la force (?:de vivre)?\b"
        r"|\bla vie (?:n a|a) (?:plus|pas|aucun) (?:de )?sens\b|\ba quoi (?:ca|bon) (?:sert )?"
        r"(?:de )?(?:continuer a )?vivre\b|\bsert a rien que je vive\b|\bencore en vie\b"
        r"|\bjamais (?:etre|ete) nee?\b|\bmieux sans moi\b|\bsans moi (?:ca|ce) serait mieux\b"
        r"|\bplus (?:de|aucune) raison de vivre\b|\bun poids pour\b"
        r"|\b(?:serai|sera|suis|serais) plus la\b|\btout sera fini\b|\bdernier message\b"
        r"|\bplus (?:jamais )?me reveiller\b|\bpartir pour (?:de vrai|toujours|de bon)\b"
        r"|\bsi (?:je|j) (?:me )?(?:meurs|meure|tue|suicide)\b|\bpersonne me retrouvera\b"
        r"|\btout arreter\b.*\b(?:vie|vivre|exister|fini|definitivement|pour toujours)\b"
        r"|\b(?:vie|vivre)\b.*\btout (?:arreter|s arrete)\b|\btout s arrete\b"
        r"|\b(?:avale|avaler|avalé|prendre|pris|prepare|preparer|stocke|cache|caches)\s+"
        r"(?:tous |toutes |des |mes |les |plein de |une boite de |toute la boite de )?"
        r"(?:medocs|medicaments|cachets|comprimes|pilules|doliprane)\b"
        r"|\b(?:medocs|medicaments|cachets|comprimes)\b.*\b(?:caches|cache|devant moi|stock)\b"
        r"|\btoute la boite\b|\b\d+ (?:cachets|comprimes|medocs|doliprane)\b|\boverdose\b"
        r"|\bpour mourir\b|\bcomment mourir\b|\bplus envie d etre la\b|\bveux plus etre la\b"
        r"|\bd adieu\b|\bdire adieu\b|\bpendre\b|\bcorde\b"
        r"|\bsauter (?:du|d un|de la|de mon|par la|sous le) (?:pont|toit|immeuble|fenetre|"
        r"balcon|falaise|train|metro)\b|\b(?:toit|pont|quai)\b.*\b(?:sauter|train)\b"
        r"|\bau bord du (?:quai|vide|pont|toit)\b"
    )),
    (SELF_HARM, _compile(
        r"\bscarif|\bmutil|\bautomutil|\bme (?:coupe|couper|coupais|coupee|brule|bruler|griffe|"
        r"taillade|tape la tete)\b|\bme faire du mal\b|\bme fais du mal\b|\bme blesser\b"
        r"|\bme blesse\b|\bse (?:scarifie|coupe|mutile|fait du mal|faire du mal)\b"
        r"|\bcoupe(?:e|s)? (?:les |mes |ses )?(?:bras|poignets|cuisses|jambes|veines)\b"
        r"|\bcoupures?\b|\bcicatrices?\b|\bjusqu (?:au sang|a saigner)\b|\bsaigne\b|\blame\b"
    )),
    (SEXUAL_VIOLENCE, _compile(
        r"\bviol(?:e|ee|es|er|ait|ais|eur)?\b|\battouchement|\bagression sexuelle|"
        r"\bagresse sexuellement|\babus sexuel|\babuse de moi\b|\babuse sexuellement|\binceste\b"
        r"|\bme touch\w*\s+(?:la|les|mes|partout|quand|sous|entre|le sexe|la nuit|dans)\b"
        r"|\bla nuit\b.*\bme touche\w*\b|\bme touche\w*$"
        r"|\b(?:touchee|touchait|touchaient|m a touche|m a touchee|l a touchee|l avait touchee)\b"
        r"|\btouche (?:mes parties|ma poitrine|mes seins|mes fesses|mon sexe)\b"
        r"|\b(?:force|oblige)\w*\b(?:\s+\w+){0,3}\s+a\b.*\b(?:sexuel\w*|embrasser|coucher|"
        r"fellation|sucer|dormir avec|rapports?|deshabiller|l ?embrasser)\b"
        r"|\bfellation\b|\btrucs sexuels\b"
        r"|\bsextorsion|\bchantage\b"
        r"|\b(?:nudes?|photos? (?:de moi )?nue?s?|videos? intimes?)\b.*"
        r"\b(?:partag|diffus|envoy|menac|circul|publi|balanc)"
        r"|\b(?:partag|diffus|envo[iy]|publi|balanc|fait circuler)\w*\b.*\b(?:mes |des )?"
        r"(?:nudes?|photos? (?:de moi )?nue?s?|videos? intimes?|mes photos)\b"
        r"|\bdemande des photos\b|\bdrogue(?:e)? (?:a|pendant) une soiree\b"
        r"|\breveille(?:e)? sans mes vetements\b|\bveut que je monte dans sa voiture\b"
        r"|\bfilme(?:e)? (?:sous la douche|aux toilettes|dans les vestiaires|nue?)\b"
    )),
    (FAMILY_VIOLENCE, _compile(
        rf"\b(?:me|m|nous|la|le)\s+{_HIT}\b(?!\s+(?:sur les nerfs|la honte|un fou rire))"
        rf"|\b(?:m a|ma|nous a|l a|m ont|nous ont)\s+{_HIT_PAST}\b"
        r"|(?<!\bs etre )(?<!\bs est )(?<!\bme suis )(?<!\bse sont )\bbattue?s?\b"
        r"(?!\s+(?:a|au|aux)\b)|\bmaltrait|\bviolences? (?:conjugales|familiales|"
        r"a la maison|chez moi)\b|\bviolent avec (?:moi|nous|ma mere)\b|\bdes coups\b"
        r"|\bcoups de (?:ceinture|poing|pied|bouteille)\b|\bbleus? partout\b|\bme lance des\b"
        r"|\bfrappe(?:e)? par\b|\bfrappe (?:ma|mon) (?:mere|pere|soeur|frere)\b"
        r"|\bprive\w* de (?:manger|repas|nourriture|bouffe)\b|\bferme le frigo\b"
        r"|\bpas mange depuis\b|\ba manger qu une fois\b|\bdonne rien a manger\b"
        r"|\bme donne(?:nt)? rien\b|(?<!\bs est )(?<!\bme suis )(?<!\bt es )\bcasse le bras\b"
        r"|\bdans les escaliers expres\b"
        r"|\bmets? une claque\b|\bmis une claque\b|\blaisse pas sortir\b.*\b(?:frappe|tel)\b"
    )),
    (HARASSMENT, _compile(
        r"\bharcel|\bcyberharcel|\bracket|\bme font vivre un enfer\b"
        r"|\bse moquent? de moi tous les jours\b|\binsult\w* (?:tous les jours|h24)\b"
        r"|\bh24\b.*\binsult|\btout le monde (?:m insulte|se moque)\b|\bfaux compte\b"
        r"|\bmessages horribles\b|\bvideo de moi (?:qui tourne|circule)\b"
        r"|\bmon adresse sur\b"
    )),
    (HOMELESS, _compile(
        r"\b(?:mis|mise|mit|met|jete|jetee|vire|viree|chasse|chassee|foutu|foutue)\s+(?:a la )?"
        r"dehors\b|\bvire(?:e)? de (?:chez moi|la maison|chez mes parents|l appart)\b"
        r"|\b(?:dors|dormir|dormi|dort|dormirai|passer la nuit) dehors\b|\bsans domicile\b|\bsdf\b"
        r"|\b(?:dors|dormi|dormir|dort)\s+(?:dans|a) (?:un |une |la |le )?(?:parc|gare|rue|"
        r"voiture|cage|squat|metro|tente|abri)\b"
        r"|\b(?:nulle part|sais pas|pas d endroit|plus d endroit) (?:ou|pour) (?:dormir|aller|"
        r"rester)\b"
        r"|\bnulle part ou aller\b|\bpas de (?:toit|logement) ce soir\b|\bplus de toit\b"
        r"|\bfugu|\benfui\w*\b|\b(?:fille|fils|enfant) a disparu\b"
        r"|\ba la rue\b(?!\s+(?:en|niveau|question|pour|au|en maths)\b)|\bdans la rue\b"
        r"|\bdehors depuis\b|\b(?:mineure?|seule?) et dehors\b|\bchange les serrures\b"
        r"|\bm (?:a|ont) (?:vire|viree|mis dehors|jete|jetee)\b(?!\s+(?:du|de|des) (?:cours|classe|"
        r"lycee|college|bahut|stage|taf|boulot|travail|equipe|groupe|club|exam))|\bma vire\b"
    )),
    # more ways of saying it, from the second development set (tests/safety/dev2_*.txt)
    (SUICIDE, _compile(
        r"\b(?:pris|avale|avaler)\b.*\b(?:boites?|tubes?|plaquettes?) de (?:medocs?|"
        r"medicaments?|cachets?|doliprane|comprimes?)\b"
        r"|\bserai plus (?:un probleme|un poids|un fardeau)\b"
        r"|\bplus un (?:probleme|poids|fardeau) pour (?:personne|vous|tout le monde)\b"
        r"|\bdonne (?:tout |toute |toutes |tous )?mes affaires\b"
        r"|\bla derniere fois que (?:je|j) (?:parle|vous parle|vous ecris|ecris)\b"
        r"|\bsi je disparais\b"
        r"|\bdites a (?:ma mere|mon pere|mes parents|ma soeur|mon frere)\b.*\b(?:aime|pardon)\b"
        r"|\bpeux plus continuer\b|\bsur (?:le|un) pont\b.*\b(?:eau|sauter|vide)\b"
        r"|\bderniere (?:soiree|nuit|journee)\b.*\bmerci\b"
        r"|\bme (?:balancer|jeter|lancer) (?:du|d un|de la|par la) (?:balcon|pont|fenetre|"
        r"toit|immeuble)\b"
    )),
    (SELF_HARM, _compile(
        r"\bme fais mal (?:au corps|expres)\b|\blames?\b.*\b(?:cachee?s?|trousse|bras|"
        r"poignets?)\b|\bentaill\w*\b|\bbrule\w* (?:le|les|mon|mes) (?:poignets?|bras|"
        r"jambes?|peau|cuisses?)\b|\bme mords\b|\bpour mes poignets\b"
        r"|\bbracelets? pour cacher\b"
    )),
    (FAMILY_VIOLENCE, _compile(
        r"\boeil au beurre noir\b|\btraces de coups\b|\bcouverte? de bleus\b"
        r"|\bles coups pleuvent\b|\bavec (?:la|sa|une) ceinture\b|\bfouett\w*\b"
        r"|\bdormir dans le garage\b|\bsi je parle\b.*\bme tue\w*\b"
        r"|\b(?:defonce|tabasse|frappe)e?r? par (?:mon|ma|mes) (?:daron|daronne|pere|mere|"
        r"parents|beau pere|belle mere|frere|oncle)\b|\bpar la gorge\b"
    )),
    (SEXUAL_VIOLENCE, _compile(
        r"\bmarier de force\b|\bmariage force\b|\bme marie\w*\b.*\b(?:connais pas|de force)\b"
        r"|\bmontage porno\b|\bdrogu\w*\b.*\b(?:reveill\w*|aucun souvenir)\b"
        r"|\bmains sur moi\b|\bagress\w* sexuel\w*\b|\bagression sexuelle\b"
        r"|\bphotos\b.*\b(?:sinon|balles|euros)\b.*\b(?:envoie|envoyer|publie|balance)\w*\b"
        r"|\bforce a (?:le|la|les) toucher\b|\bobligee? a faire des choses\b"
    )),
    (HARASSMENT, _compile(
        r"\b(?:insult\w*|crachats?)\b.*\btous les jours\b|\btous les jours\b.*\binsult\w*\b"
        r"|\b(?:grosse|sale) pute\b|\bplus moche\b.*\bphoto\b|\btoute l ecole se fout\b"
        r"|\bmessages haineux\b|\bpirate\w* mon compte\b|\bpublie\w* mon (?:numero|adresse)\b"
        r"|\bme fais traiter\b"
    )),
    (HOMELESS, _compile(
        r"\b115\b.*\bpas de place\b|\bfoyer complet\b|\b(?:dormir|dors|dormi) ou ce soir\b"
        r"|\berre dans les rues\b|\bose pas rentrer\b|\bsous une tente\b"
        r"|\b(?:nuits?|dors|dormir|dormi) dans (?:le|un|les) bus\b|\bbus de nuit pour avoir chaud\b"
        r"|\b(?:dormi|dors|dormir) sur un banc\b|\bdehors sous la pluie\b"
        r"|\bpeuvent plus m heberger\b|\bparti de chez moi (?:cette nuit|hier soir)\b"
    )),
    # and from the third development set (tests/safety/dev3_*.txt)
    (SUICIDE, _compile(
        r"\bchoisi le pont\b"
        r"|\bserai (?:sans doute |surement |probablement )?plus la\b"
        r"|\bmourir en prenant\b"
    )),
    (SELF_HARM, _compile(
        r"\bcutter\b.*\b(?:trousse|cache|pas pour les cours)\b"
        r"|\bpointe du compas\b.*\b(?:main|bras|peau)\b|\bm enfonce\b.*\b(?:main|bras|peau)\b"
    )),
    (FAMILY_VIOLENCE, _compile(
        r"\bmarques? (?:au|sur le) (?:visage|corps|dos|bras)\b.*\bcris\b"
        r"|\bcoquard\b|\bbleus\b.*\brefuse de (?:dire|parler|en parler)\b"
    )),
    (SEXUAL_VIOLENCE, _compile(
        r"\badulte\b.*\b(?:me voir|venir chez|vienne chez|rien dire|garder le secret|photos?)\b"
        r"|\b(?:homme|mec|gars|adulte)\b.*\bme payer\b.*\bchez lui\b"
        r"|\bsi je (?:venais|viens|vais) chez lui\b|\bpayer le loyer autrement\b"
        r"|\bautrement qu avec de l argent\b"
    )),
    (HARASSMENT, _compile(
        r"\ben se faisant passer pour moi\b"
    )),
    (HOMELESS, _compile(
        r"\bchange\w* (?:la|les) serrures?\b|\bplus de logement\b.*\bdors\b"
        r"|\bdors a droite a gauche\b|\bdort dans (?:des|un) squats?\b"
    )),
    (DANGER, _compile(
        r"\bessaie d ouvrir la porte\b|\blevres? (?:deviennent |toutes? )?bleues?\b"
        r"|\bcasse(?:r)? la fenetre\b.*\bentends\b|\btombee? du (?:balcon|toit)\b"
        r"|\b(?:tombee?|inconscient\w*|repond plus)\b.*\bbouge plus\b|\bhomme arme\b"
        r"|\barme dans (?:la cour|le lycee|l ecole)\b"
    )),
    (DANGER, _compile(
        r"\bpris trop de\b|\brespire (?:plus|mal)\b.*\brepond plus\b"
        r"|\bessaie d entrer chez moi\b|\bva tout casser\b.*\bmoi\b"
        r"|\bveut pas me laisser (?:descendre|partir|sortir)\b|\bme retiennent\b"
        r"|\bcouteau sous la gorge\b|\brode autour\b|\bdefoncer la porte\b"
        r"|\bpeux pas sortir\b.*\b(?:retiennent|enferme\w*|travailler)\b"
    )),
    # and from the fifth development set (tests/safety/dev5_*.txt)
    (SUICIDE, _compile(
        rf"\b{_WANT}\b(?:\s+\w+){{0,2}}\s+se (?:tuer|pendre|jeter)\b"
        r"|\bpardon pour ce que (?:je|j) (?:vais|compte) faire\b"
        r"|\bdites? a\b.*\bpas (?:de )?(?:sa|leur) faute\b"
        r"|\bsais (?:meme )?pas si (?:je|j) (?:serai|serais|vais etre) (?:encore|toujours) la\b"
        r"|\bhauteur\b.*\bsauter\b|\bsauter\b.*\bpour etre (?:sur|sure)\b"
        r"|\bbientot fini\b.*\b(?:merci|adieu|avant)\b"
    )),
    (SELF_HARM, _compile(
        r"\bmanches longues\b.*\b(?:marques|cicatrices|traces|cacher|voie|voit|bras)\b"
    )),
    (FAMILY_VIOLENCE, _compile(
        r"\b(?:mere|pere|parents?|daron|daronne|maman|papa)\b.*\b(?:partie?s?|pas rentree?s?|"
        r"disparue?s?)\b.*\b(?:jours|semaines?|nuits)\b"
        r"|\b(?:jours|semaines?|nuits)\b.*\b(?:mere|pere|parents?|daron|daronne|maman|papa)\b"
        r".*\b(?:partie?s?|pas rentree?s?|disparue?s?)\b"
        r"|\bseule? (?:a la maison |chez moi )?depuis (?:\d+|deux|trois|quatre|cinq) jours\b"
    )),
    (SEXUAL_VIOLENCE, _compile(
        r"\b(?:nudes?|photos? (?:de moi )?nue?s?)\b.*\btourn"
        r"|\bfait des choses que (?:j aime|je veux|j ai envie) pas\b"
        r"|\bvierge\b.*\bpas choisi\b|\bpas choisi\b.*\bvierge\b"
        r"|\b(?:a|j ai|elle a|il a) 1[0-7] ans\b.*\b(?:mec|homme|gars|type|monsieur) de [2-9]\d"
        r" ans\b|\b(?:mec|homme|gars|type|monsieur) de [2-9]\d ans\b.*\b1[0-7] ans\b"
        r"|\b(?:parents?|pere|mere|famille|oncle|ils|on)\b.*\b(?:me|la|le|nous) marier\b"
    )),
    (HARASSMENT, _compile(
        r"\b(?:on|ils|elles) me crache\w* dessus\b|\bs acharne\w* sur moi\b"
        r"|\bsai(?:t|ent|s) ou (?:j habite|je vis|je dors|je rentre)\b"
    )),
    (DANGER, _compile(
        r"\brespire (?:bizarre\w*|mal|plus|a peine|difficilement)\b"
    )),
    # and from the sixth development set (tests/safety/dev6_*.txt)
    (SUICIDE, _compile(
        r"\bsi (?:je|j) (?:suis|serai) (?:encore|toujours) la\b"
        r"|\b(?:celui|celle|ceux|celles) qui (?:va|vont) me (?:trouver|retrouver)\b"
    )),
    (SELF_HARM, _compile(
        r"\b(?:ouvert|ouvre|ouvrir|taillade|entaille)\w* (?:le|les|mes|un|la|les deux) "
        r"(?:poignets?|veines?|bras|avant bras|cuisses?)\b"
        r"|\b(?:fond de teint|maquillage|maquille\w*)\b.*\b(?:bras|poignets?|cuisses?)\b.*"
        r"\b(?:marques|cicatrices|traces|coupures)\b"
    )),
    (FAMILY_VIOLENCE, _compile(
        r"\bpas le droit de manger\b|\b(?:eviter|limiter?|pour pas prendre|recevoir) "
        r"(?:les|des) coups\b|\bbleus\b.*\bhabitude\b|\bhabitude\b.*\b(?:bleus|coups|claques)\b"
        r"|\b(?:fond de teint|maquillage|maquille\w*)\b.*\b(?:visage|cou|oeil|yeux)\b.*"
        r"\b(?:marques|bleus|traces|coquard)\b"
    )),
    (SEXUAL_VIOLENCE, _compile(
        r"\bmains? (?:ou|la ou) (?:je veux pas|j aime pas|il faut pas|je voulais pas)\b"
    )),
    (HARASSMENT, _compile(
        r"\btete de turc\b|\bbouc emissaire\b|\bsouffre douleur\b"
    )),
    (HOMELESS, _compile(
        r"\b(?:dors|dormi|dormir|dort|dormais)\s+(?:sous|dans|derriere|a cote de|devant) "
        r"(?:un|une|le|la|les|l|des)\s?(?:pont|escaliers?|parking|hall|laverie|urgences|porche|"
        r"cave|local|local poubelles|entree|abribus|bus de nuit)\b"
        r"|\bmise? a la porte\b(?!\s+(?:du|de|des) (?:cours|classe|lycee|college|stage|taf|"
        r"boulot|travail|club))"
    )),
    (DANGER, _compile(
        r"\baidez moi vite\b|\b(?:a l aide|aidez moi|au secours)\b.*\bil (?:arrive|revient|"
        r"rentre|monte)\b|\b(?:suis|me suis) (?:planque|planquee|cache|cachee) (?:derriere|"
        r"dans|sous)\b"
    )),
    # and from the development sets' misses once each set was left out (safety_cv loso)
    (SUICIDE, _compile(
        r"\b(?:pris|pri|avale|avaler)\s+(?:tout|tous|toutes) (?:les|mes|ses) (?:medocs|"
        r"medicaments|cachets?|comprimes|pilules)\b"
        r"|\bcombien de (?:cachets|comprimes|medocs|medicaments|pilules|doliprane|paracetamol)"
        r"\b.*\b(?:mourir|reveiller|mortel\w*|dangereu\w*|tuer|fatal\w*)\b|\bdose mortelle\b"
        r"|\bpour ne (?:plus|pas) se reveiller\b|\bpas rester en vie\b"
        r"|\bsers a rien a personne\b"
        r"|\b(?:envoye|ecrit|laisse|poste)\w*\s+(?:un message\s+|un mot\s+)?(?:d )?adieu\b"
        r"|^(?:je (?:ne )?peux plus|j en peux plus)(?: (?:vraiment|serieux|de tout|de vivre))?$"
    )),
    (FAMILY_VIOLENCE, _compile(
        r"\bserr\w* (?:le|mon|son) cou\b|\bserr\w* (?:la|ma) gorge\b|\bmenferm\w*\b"
        r"|\bplus le droit d (?:aller en cours|aller a l ecole|aller au lycee|aller au college)\b"
    )),
    (SEXUAL_VIOLENCE, _compile(
        r"\bmains? aux fesses\b|\bmains? sur (?:mes|les|ses) (?:fesses|seins|cuisses)\b"
        r"|\bjeux secrets\b|\b(?:touch\w*|mains?|caress\w*)\b.*\bsous (?:mes|ses|les|son|mon|sa)"
        r" (?:vetements|habits|culotte|slip|pyjama|t shirt|tee shirt|jupe|robe)\b"
        r"|\b(?:relation|histoire|amitie|conversations?|messages?|rendez vous|rdv) secret\w*\b"
        r".*\b(?:adulte|rencontrer|seule?|chez lui|photos?|ans)\b"
    )),
    (HOMELESS, _compile(
        r"\b(?:passe|passer|passais|dors|dormir|dormi|dort|dormais)\b(?:\s+\w+){0,4}\s+"
        r"(?:au mcdo|au mc do|dans (?:un|une|la) laverie|aux urgences|a la gare|dans la gare|"
        r"sous (?:une|la|ma) tente|dans (?:une|la|ma) tente|a l aeroport)\b"
        r"|\b(?:ma|la) tente (?:derriere|sous|pres|au bord)\b"
    )),
    (DANGER, _compile(
        r"\b(?:fait|fais) (?:planter|poignarder|suriner)\b|\bm (?:a|ont) (?:plante|poignarde)\w*\b"
        r"|\bpisse le sang\b|\bperds? (?:beaucoup de|tout mon) sang\b"
    )),
    # and from the seventh development set (tests/safety/dev7_*.txt)
    (SUICIDE, _compile(
        r"\bbientot (?:vous|tu|ils|elles|elle|il|on) (?:serez|seras|seront|sera)"
        r" (?:enfin )?(?:tranquilles?|debarrasse\w*|libres?)\b"
        r"|\bplus rien (?:qui|ne) vaut (?:le coup|la peine)\b"
        r"|\b(?:sais|sait) (?:pas|plus) (?:pourquoi|pk) je continue\b"
        r"|\bune lettre (?:pour|a) chacun\b|\b(?:dans|sur) le toit de l immeuble\b"
        r"|\b(?:sur|au bord de) (?:la voie ferree|les rails|la voie)\b|\bbranche\w* le tuyau\b"
    )),
    (HARASSMENT, _compile(
        r"\bvideo de moi\b.*\b(?:tourne|circule|partag\w*|poste\w*|publi\w*)\b"
        r"|\bveulent? (?:ma|la) mort\b"
    )),
    (DANGER, _compile(
        r"\bon sait ou tu (?:habites|vis|dors)\b|\bt es mort (?:demain|ce soir|a la sortie)\b"
    )),
    # and from the eighth development set (tests/safety/dev8_*.txt): indirect messages
    (SUICIDE, _compile(
        r"\bpense (?:tout le temps |souvent |sans arret |chaque jour )?a la mort\b(?! de)"
        r"|\bmon enterrement\b(?! de vie)|\bm oublieraient\b|\bdernieres volontes\b"
        r"|\bpoutre\b.*\b(?:noeud|accrocher|corde)\b|\b(?:noeud|accrocher)\b.*\bpoutre\b"
        r"|\bj ai failli\b.*\b(?:sauter|train|quai|pont|vide)\b"
        r"|\b(?:trains?|quai|pont|vide)\b.*\bj ai failli\b|\bliste des gens a qui\b"
        r"|\bfait mal de (?:sauter|tomber|se pendre|se noyer)\b"
        r"|\bsauter (?:du|d un) (?:\d+\w* )?etage\b"
        r"|\b(?:pont|falaise|viaduc)\b.*\bcombien de metres\b"
        r"|\bdisparaitre sans que\b|\b(?:sent|souffre) (?:rien|pas) avec le gaz\b"
        r"|\b(?:avoir|faire) un accident\b.*\b(?:arrangerait|soulagerait|ferait rien)\b"
        r"|\bplus (?:d|aucun) espoir (?:du tout|pour rien|de rien|en rien)\b"
        r"|\b(?:en|de) trop (?:partout|dans ce monde|sur terre)\b"
        r"|\bcombien de temps je (?:vais|peux) (?:encore )?tenir\b"
        r"|\btout est en ordre\b.*\b(?:rendus?|rembours\w*|vide\w*|range\w*|lettres?)\b"
        r"|\bdesolee? d avoir ete (?:un|une) (?:tel |telle |si )?(?:probleme|poids|fardeau|"
        r"charge)\b"
        r"|\bfatiguee? de faire semblant\b"
        r"|\bpars\b.*\b(?:reviendrai|reviendrais) (?:pas|plus|jamais)\b"
        r"|\b(?:arme|fusil|pistolet)\b.*\bje (?:la|le) regarde\b"
    )),
    (SELF_HARM, _compile(
        r"\bvomi\w* apres (?:chaque|les|mes|tous les) repas\b|\bme fai[st] vomir\b"
    )),
    (DANGER, _compile(
        r"\bsi tu (?:parles|dis quoi que ce soit|le dis|racontes)\b.*\b(?:tue|tuer|tuerai)\b"
        r"|\bsurveiller la porte\b"
    )),
    # and from the ninth (teenagers, heavy SMS) and tenth (young adults, parents) sets
    (SUICIDE, _compile(
        r"\b(?:c est|ce sera|ca sera) ma derniere (?:nuit|soiree|journee)\b"
        r"|\b(?:beaucoup|plein|trop|toute? (?:une|la) boite) de (?:doliprane|paracetamol|medocs|"
        r"medicaments|cachets|comprimes)\b.*\bd un coup\b"
        r"|\b(?:leur|vous) rendre service\b.*\bbientot\b|\bbientot\b.*\b(?:leur|vous) rendre "
        r"service\b"
        r"|\bplus rapide pour (?:ne )?plus souffrir\b|\bcomment (?:ne )?plus souffrir\b"
        r"|\b(?:rien|personne|plus rien) (?:qui|ne) me retien\w*\b|\bpas (?:me|se) rate[rz]?\b"
        r"|\bdormir\b.*\bpour toujours\b|\bpris ma decision\b.*\b(?:plus peur|tout|fini|adieu)\b"
        r"|\bplus peur de rien\b.*\bdecision\b|\b(?:grosse|grande) betise ce soir\b"
        r"|\bfaire une (?:grosse )?betise\b.*\bce soir\b|\bcomment je vais le faire\b"
        r"|\bsi (?:demain )?je (?:reponds|repond) plus\b"
        r"|\bdire a (?:mon|ma|mes)\b.*\bpas (?:sa|leur|ta|de sa) faute\b"
        r"|\btout mis en ordre\b.*\b(?:chat|chien|lettres?|affaires|cles|papiers)\b"
        r"|\bfatiguee? de tout\b(?! (?:ce|ca|le|les|ces))"
        r"|\bparle (?:beaucoup |souvent |tout le temps )?de (?:la mort|mourir|suicide|se tuer)\b"
        r"|^a quoi bon$|\b(?:flingue|pistolet|fusil|arme)\b.*\b(?:dans|ds) (?:les|mes) mains\b"
    )),
    (SELF_HARM, _compile(
        r"\b(?:envie de|accro a|besoin de) (?:me|se) faire (?:du )?mal\b"
        r"|\brechute\w*\b.*\b(?:clean|mois|semaines|jours)\b|\bme mord\w*\b"
        r"|\btaille crayons?\b.*\b(?:demonte|lame)\b"
        r"|\bplus de place sur (?:les|mes) (?:bras|poignets|jambes|cuisses)\b"
        r"|\b(?:recommence|rechute)\w*\b.*\bsur (?:les|mes) (?:bras|jambes|cuisses|poignets)\b"
        r"|\b(?:brule|main sur la plaque|mis ma main)\b.*\bexpres\b"
        r"|\bevanoui\w*\b.*\b(?:mange|manger|repas)\b|\b(?:mange|manger)\b.*\bevanoui\w*\b"
    )),
    (FAMILY_VIOLENCE, _compile(
        r"\b(?:pere|mere|daron|daronne|parents?|beau pere|belle mere)\b.*\b(?:crack|heroine|"
        r"cocaine)\b|\bleve\w* la main sur (?:moi|nous|ma mere|mon frere|ma soeur)\b"
        r"|\b(?:bleus|marques|levre ouverte|coquard|traces)\b.*\b(?:arrive plus|peux pas|ose pas|"
        r"sais pas)\b.*\bexpliquer\b"
        r"|\bpris (?:mon telephone|mon tel|mes papiers|ma carte d identite|mon passeport)\b.*"
        r"\b(?:sortir|sans lui|sans elle|enferm\w*)\b|\bpeux pas sortir sans (?:lui|elle)\b"
    )),
    (SEXUAL_VIOLENCE, _compile(
        r"\b(?:pere|beau pere|oncle|grand pere|cousin)\b (?:\w+ ){0,2}dorm\w* avec moi\b"
        r"|\bdit non\b.*\b(?:il|elle|ils) (?:a|ont) continue\b"
        r"|\bce que (?:son|mon|le|sa|ma) (?:patron|patronne|chef|maitre d apprentissage|oncle|"
        r"entraineur|prof|beau pere) (?:lui|me) fait\b"
    )),
    (HARASSMENT, _compile(
        r"\bcompte ficha\b|\bmessages? anonymes?\b.*\b(?:crever|mourir|tuer|menac\w*|tous les "
        r"(?:soirs|jours))\b|\bla tete (?:dans|ds) les toilettes\b"
    )),
    (HOMELESS, _compile(
        r"\b115\b.*\bmineure?s?\b|\bmineure?s?\b.*\b115\b"
        r"|\b(?:foyer|hebergement|endroit|ou)\b.*\bce soir\b.*\b1[0-7] ans\b"
        r"|\bparti\w* de chez moi\b.*\b(?:avec \d+ euros|sans rien|sais pas (?:quoi faire|ou "
        r"aller|ou dormir))\b"
        r"|\b(?:jours|nuits) (?:que|qu) (?:je suis|il est|elle est) pas rentree?\b"
        r"|\bpas rentree? depuis (?:\d+|deux|trois|quatre) (?:nuits|jours)\b"
        r"|\bquitter le foyer\b.*\b(?:18 ans|rien|personne|nulle part)\b"
        r"|\bbus de nuit\b.*\b(?:sais pas ou|tourne en rond|dormir)\b|^je suis dehors$"
        r"|\bexpulse\w* de (?:mon|l) (?:appart|appartement|logement|studio|foyer)\b"
    )),
    (DANGER, _compile(
        r"\b(?:alcool|vodka|whisky|bu)\b.*\b(?:medocs|medicaments|cachets)\b"
        r"|\b(?:medocs|medicaments|cachets)\b.*\b(?:alcool|vodka|whisky)\b"
        r"|\bau bord des rails\b"
    )),
    # and from the eleventh (a general mix) and twelfth (Messenger at night) sets
    (SUICIDE, _compile(
        r"\bc est la fin pour moi\b(?! (?:au|a l|en|avec|dans))|\bfin de partie pour moi\b"
        r"|\bgame over pour moi\b|\bwant to die\b|\bkill myself\b|\bcan ?t do this anymore\b"
        r"|\bend it all\b|\bsuicidal\b|\bce soir j en finis\b|\bj en finis\b(?! avec)"
        r"|\bpense\w* a comment (?:le faire|faire ca|en finir)\b|\bveux que (?:ca|tout) s arrete\b"
        r"|\b(?:suis|chui) sur le toit\b|\bsi je saute (?:du|d un|de la|par la)\b"
        r"|\b(?:plus|aucune) (?:aucune )?raison (?:que je continue|de continuer)\b"
        r"|\badieu (?:tout le monde|a tous|les gens)\b|^a quoi (?:ca sert|bon) (?:de )?continuer$"
        r"|\bma vie c est rien\b|\bmoi c est rien\b"
        r"|\b(?:suis|chui) au bout\b(?! (?:de la rue|du couloir|du fil|du monde))"
        r"|\ben peux plus de (?:cette vie|la vie|vivre|tout)\b"
        r"|^(?:(?:ptn|putain|wesh|wallah|frere|franchement|serieux) )*(?:je (?:ne )?peux "
        r"plus|j en peux plus)(?: (?:ptn|wallah|frere|serieux|vraiment))*$"
    )),
    (SELF_HARM, _compile(
        r"\bme punis physiquement\b|\bdouleur physique\b.*\b(?:soulage|seul truc)\b"
        r"|\bavoir mal a l exterieur\b"
    )),
    (FAMILY_VIOLENCE, _compile(
        r"\b(?:bourre|ivre|saoul|defonce)\b.*\b(?:cherche la bagarre|frappe|cogne|hurle)\b"
        r"|\bjamais (?:a|de quoi) manger\b|\bpas donne a manger\b"
        r"|\brien mange depuis (?:\d+|deux|trois|quatre) jours\b"
    )),
    (HARASSMENT, _compile(
        r"\bva te (?:tuer|pendre|suicider)\b|\bpour m insulter\b"
        r"|\bla plus moche\b.*\b(?:sondage|classement|vote|gagne)\b"
        r"|\b(?:sondage|classement|vote)\b.*\bla plus moche\b"
    )),
    (HOMELESS, _compile(
        r"\bsquatt?e?\w* (?:dans|sous) (?:un|une|le|la)\b"
    )),
    (DANGER, _compile(
        r"\bpas en securite\b|\bdu sang partout\b|\bpeux plus respirer\b"
        r"|\bpar terre\b.*\bbouge plus\b|\bbouge plus\b.*\bpar terre\b"
        r"|^(?:sos|aidez moi(?: svp| stp| s il vous plait)?|aide moi(?: svp| stp| s il te plait)?"
        r"|a l aide|help|help me)$"
    )),
    (HOMELESS, _compile(
        r"\bfaim\b.*\b(?:ca fait|depuis) (?:\d+|deux|trois|quatre) jours\b"
    )),
]

# Veiled farewells that hold even in a message that also jokes or mentions a game.
_STRONG: list[tuple[str, re.Pattern[str]]] = [
    (SUICIDE, _compile(
        r"\bdonne\w*\b.*\b(?:console|affaires|fringues|vetements|jeux|telephone|tel)\b.*"
        r"\b(?:plus besoin|en aurai plus|n en aurai plus)\b"
        r"|\b(?:console|affaires|fringues|sapes|vetements|jeux|telephone|tel)\b.*\bdonne\w*\b.*"
        r"\b(?:en aurai plus|n en aurai plus)\b|\bfait mal de mourir\b"
    )),
    (FAMILY_VIOLENCE, _compile(
        r"\b(?:bleus|marques|traces|coquard)\b.*\b(?:je dis|j ai dit|je raconte|je dis a tout "
        r"le monde) que c est\b.*\bmais\b"
    )),
]

# Talking about a subject (a lesson, a film, a career) rather than living it. A match is set
# aside only when it is the very subject of such a phrase ("un exposé sur le harcèlement",
# "un roman qui parle d'inceste", "aider les jeunes à la rue"), every match in the message
# is, and nothing says it is happening to the writer or someone close.
_SUBJECTS = (r"(?:harcel\w*|cyberharcel\w*|maltrait\w*|mariage force|suicid\w*|fugu\w*|"
             r"a la rue|dans la rue|inceste|violences?|viol|enfermee? dans|nudes?)")
_ABOUT = _compile(
    r"\b(?:presentation|expose|exposes|dissertation|redaction de|film|films|serie|series|"
    r"episode|documentaire|chanson|livre|roman|manga|bd|poeme|piece|cours|intervention|"
    r"affiche|video|action|campagne|chef d oeuvre|debat|projet|eval|evaluation|controle|"
    r"saison|reportage|emission|podcast|article|loi|son|album|oral|tpe|sujet|these|nouvelle|"
    r"recit|texte|scenario|ambassadeur|ambassadrice|referent|referente)\b"
    r"(?:\s+\w+){0,3}\s+(?:sur|contre|qui parle(?:nt)? (?:de |du |des |d )|"
    r"a propos (?:de |du |des |d )|au sujet (?:de |du |des |d ))\s*"
    r"(?:le |la |l |les |du |des |de |d |un |une )?(?:(?:jeunes|enfants|ados|femmes|gens|personnes|"
    r"victimes|eleves)\s+)?" + _SUBJECTS + r"\b"
    r"|\bon (?:etudie|lit|analyse|regarde)\b.*\b(?:ils|elles|il|elle) se suicid\w*\b"
    r"|\b(?:on doit|doit|dois|devons|faut|il faut) (?:parler|traiter|ecrire|presenter|"
    r"etudier|analyser|expliquer) (?:du |de la |des |de l |sur le |sur la |sur les )?"
    + _SUBJECTS + r"\b"
    r"|\b(?:on etudie|on analyse|on lit|etudier|analyser)\s+(?:le |la |l )?" + _SUBJECTS
    + r"\b"
    r"|\b(?:heros|heroine|personnage|perso)\b(?:\s+\w+){0,3}\s+" + _SUBJECTS + r"\b"
    r"|\bl histoire d(?:\s+\w+){0,4}\s+" + _SUBJECTS + r"\b"
    r"|\b(?:aider|accompagner|proteger) (?:les|des) (?:jeunes|enfants|ados|gens|personnes|"
    r"victimes)\b(?:\s+\w+){0,2}\s+" + _SUBJECTS + r"\b")
_LIVED = _compile(
    r"\b(?:me|m|moi)\b\s*(?:\w+\s+){0,2}(?:harcel|maltrait|frapp|tap|insult|menac|enferm|viol|"
    r"vire|touch|arrive)\w*|\b(?:je|j)\b(?:\s+\w+){0,2}\s+(?:subis|vis|vit|ai ete|suis|etais)\b"
    r"|\b(?:pareil|moi aussi|comme moi|a moi|en ce moment)\b"
    r"|\b(?:mon|ma|mes|notre|nos) (?:fils|fille|enfant|enfants|frere|soeur|pote|copine|copain|"
    r"ami|amie|eleve)\b(?:\s+\w+){0,3}\s+(?:est|sont|a ete|subit|vit)\b")


# Something lived in the past, said to be over, by someone who now asks about a plan: all
# three needed ("avant j'étais à la rue, maintenant j'ai un appart et je cherche un CAP").
_PAST = _compile(
    r"\b(?:avant|quand j etais|quand (?:j|je) avais|il y a \d+ ans|a une (?:epoque|periode)|"
    r"(?:eu|traverse) une (?:periode|passe)|au college|au primaire|en primaire|petite?|"
    r"l annee derniere|une fois|en \d+ ?e(?:me)?|a \d+ ans)\b"
    r"|\b(?:frappait|tapait|battait|harcelait|harcelaient|voulais|etais|faisais)\b")
_MUCH_BETTER = r"\b(?:ca|sa|tout) va (?:beaucoup |vraiment |bien )?mieux\b"
_OVER = _compile(
    r"\b(?:aujourd hui|maintenant|depuis \w+ (?:ans?|mois)|c est loin|c est fini|c est du passe|"
    r"c est regle|tout est regle)\b.*\b(?:ca va|je vais bien|tout va bien|ca va mieux|"
    r"j ai (?:un|mon) (?:appart|logement|studio|toit)|loin|fini|regle|passe|suivie?)\b"
    r"|\bsuivie? par (?:une|un) (?:psy|psychologue|medecin)\b.*\bca va\b"
    r"|" + _MUCH_BETTER
    + r"|\b(?:ca|sa) fait \w+ ans? (?:que|qu) (?:j ai|je) arrete\b|\bc est du passe\b")
_BETTER = _compile(_MUCH_BETTER + r"|\barrete grace a\b")
_PLAN = _compile(
    r"\b(?:je (?:voudrais|veux|voulais|cherche|souhaite|aimerais|compte)|j aimerais|"
    r"je vais|je pense) (?:faire|devenir|reprendre|m inscrire|trouver|un|une|passer|"
    r"entrer|aider|savoir)\b|\b(?:c est )?quelle formation\b|\bcomment (?:faire|devenir)\b")


_BUT = re.compile(r"\b(?:mais|sauf que|pourtant|en fait|sauf)\b")


def _over(norm: str) -> bool:
    over = _OVER.search(norm)
    if not (over and _PAST.search(norm)) or _BUT.search(norm, over.end()):
        return False  # "maintenant ça va mieux, mais…": what follows counts
    return bool(_PLAN.search(norm) or _BETTER.search(norm))


def _set_aside(norm: str, spans: list[tuple[int, int]]) -> bool:
    """Whether every alarming match lies within a phrase that only names its subject."""
    about = [m.span() for m in _ABOUT.finditer(norm)]
    return bool(spans) and bool(about) and not _LIVED.search(norm) and all(
        any(a <= start and end <= b for a, b in about) for start, end in spans)


# hyperbole and jokes that only look alarming
_NOT_DISTRESS = _compile(
    r"\b(?:mourir|meurs|meurt|mort|morte|creve|crever) d(?:e|u)? ?(?:faim|rire|honte|chaud|"
    r"froid|ennui|"
    r"soif|fatigue|sommeil|impatience|jalousie)\b"
    r"|\b(?:mort|morte|ptdr|mdr|lol|xd)\b.*\b(?:rire|mdr|lol|ptdr)\b"
    r"|\bme faire tuer par\b|\btuer le temps\b|\bsi (?:il|elle|ils) (?:voit|voient|apprend)\b"
    r"|\ba la rue en\b|\b(?:jeu|fortnite|minecraft|gta|boss)\b"
    r"|\bviolet|\bnumero de prevention\b|\bprevention du suicide\b|\b3114\b"
    r"|\bharcel\w*\b.*\b(?:il y a \d+ ans|quand j etais|avant|autrefois|en primaire|"
    r"en \d+e|au college|au primaire)\b.*\b(?:ca va|c est fini|c est du passe|c est regle)\b"
    r"|\bbattu(?:e)? (?:a|au|aux) \w+|\bmario|\bkart\b|\bjeu video\b"
    # a school project, a prevention campaign, training to help others
    r"|\b(?:expose|exposes|affiche|affiches|slogan|slogans|dossier sur|recherche sur|"
    r"projet sur|journee contre|campagne|sensibilis\w*|bafa|bpjeps|animateur|animatrice|"
    r"delegue|deleguee|pour un devoir|pour un cours|pour l ecole|des chiffres|memoire|"
    r"rapport de stage|piece de theatre|signes d alerte|sources officielles)\b"
    r"|\bpour (?:mon|ma|notre) (?:oral|projet|memoire|rapport|devoir|cours|dossier|tpe|"
    r"grand oral|examen|formation)\b|\bc est pour (?:mon|ma|un|une) (?:oral|projet|expose|"
    r"cours|devoir|memoire|dossier)\b"
    r"|\b(?:comment|aider|reperer) (?:un|une|les) (?:jeune|eleve|ami|amie|pote)s? "
    r"(?:harcel\w*|en danger)\b"
    r"|\b(?:projet|atelier|service civique|benevole|benevolat|documentaire|reviser|"
    r"ressources)\b.*\b(?:sur|porte sur|contre|pour)\b"
    # small accidents, and what is over
    r"|\b(?:coupe|brule|coince)e? (?:le|un|les) doigts?\b|\ben (?:epluchant|cuisinant|"
    r"bricolant|coupant)\b"
    r"|\b(?:aujourd hui|maintenant|depuis)\b.*\b(?:tout va bien|je vais bien|on s entend "
    r"bien)\b|\bj ai arrete de me (?:scarifier|couper|faire du mal)\b"
    # games, sport and everyday hyperbole
    r"|\b(?:fifa|valo|valorant|call of|cod|lol|fortnite|spawn|sniper|game|games|manette|"
    r"console|ps5|xbox|match|basket|foot|boxe|rugby|hand|entrainement)\b"
    r"|(?<!\bdit qu il )(?<!\bdit qu elle )\b(?:va|vont|vas|allait) me (?:tuer|defoncer|"
    r"massacrer|etrangler) (?:si|quand|parce|pcq|pck|j ai(?! \d+ ans| peur)|"
    r"jai(?! \d+ ans| peur))\b"
    r"(?! (?:je|j) (?:parle|dis|le dis|balance|porte plainte|raconte|rentre pas|pars))"
    r"|\bdisparaitre sous terre\b|\btape une barre\b|\bbataille de polochon"
    r"|\bme tuer\b.*\b(?:oublie|bulletin|notes?|retard|chambre|chien|portable|controle|"
    r"exam|interro|devoirs?|maths)\b|\bva me tuer avec (?:ses|son|sa|ces|leurs) (?:devoirs?|"
    r"exos?|controles?|blagues|questions|histoires|cours)\b|\bon va tous (?:mourir|crever)\b"
    r"|\b(?:fin|film|serie|saison|episode|concert|album|livre)\b.*\bmis une claque\b"
    r"|\b(?:pendre|jeter|tuer|suicider?|flinguer|defenestrer|foutre en l air)\b.*\bsi\b.*"
    r"\b(?:maths|cours|bus|controle|exam|interro|prof|devoirs?|lundi|vendredi|aprem|rate|"
    r"retard|physique|francais|anglais|philo|sport|reunion|file d attente|cantine|"
    r"ratatouille)\b"
    r"|\bsi\b.*\b(?:maths|cours|bus|controle|exam|interro|devoirs?|lundi|vendredi|aprem|"
    r"retard|physique|philo|reunion|file d attente)\b.*\b(?:me|m) (?:pendre|jeter|tuer|"
    r"suicider|flinguer|defenestrer|foutre en l air)\b"
    r"|\b(?:j ai|g)\s+(?:fait cramer|crame|casse|oublie|perdu|rate|raye|fait tomber|renverse|"
    r"abime|bousille|explose)\b.*\b(?:va|vont|allait) me (?:tuer|defoncer|massacrer)\b"
    r"|\btape sur les nerfs\b|\baccident du travail\b|\bcouteau d office\b"
    r"|\bsignes de (?:maltraitance|harcelement|violences?|danger)\b"
    r"|\btellement (?:faim|soif|chaud|froid|sommeil)\b.*\b(?:mourir|crever)\b"
    r"|\bsuicide social\b|\b(?:elastique|benji|bungee|parapente|escalade)\b"
    r"|\b(?:dormir|dors|dort|dormi|dormira) dans (?:la|une|ma|le|un) (?:voiture|van|tente)\b.*"
    r"\b(?:festival|vacances|camping|road trip|roadtrip)\b"
    r"|\b(?:crever|mourir) si (?:j ai|je dois|on a|il y a|je me tape) encore (?:\d+ ?h|une "
    r"heure|deux heures|cours|maths|francais|anglais|philo|histoire|un controle|une interro|"
    r"un exam|des devoirs|sport)\b"
)
_NOT_SELF_HARM = _compile(
    r"\b(?:percer|perce|percee|piercing|tatouage|tatoue|tatouee|tattoo|tatoueur)\b|"
    r"\bsaigne\w* (?:le|la|les|mon|ma|mes|son|sa) (?:frigo|compte|porte monnaie|portefeuille|"
    r"budget|placard|forfait)\b|\bsaigne\w* (?:aux quatre veines|pour (?:lui|elle|eux|toi))\b|"
    r"\b(?:coupe|brule|coince)e? (?:le|un|les|au) doigts?\b"
    r"|\b(?:ouvert|coupe|ecorche|egratigne)e? (?:le|au|les) (?:genou|genoux|coude|menton|front)\b"
    r"|\ben (?:skate|velo|trottinette|moto|scooter|tombant|courant|jouant|roller)\b"
    r"|\ben (?:epluchant|cuisinant|bricolant|coupant (?:des|les|du))\b"
    r"|\bj ai arrete de me (?:scarifier|couper|faire du mal)\b.*\b(?:je vais bien|ca va "
    r"mieux|depuis \w+ ans?)\b")
_ON_PURPOSE = _compile(r"\b(?:expres|volontairement|cutter|lames?|rasoirs?|pour (?:me|avoir) "
                         r"mal|compas)\b")
_JOKE = _compile(r"\b(?:mdr+|ptdr+|lol+|xd+|jpp de rire|(?:ha){2,}h?)\b")

_SMS = {
    "g": "j ai", "jai": "j ai", "chui": "je suis", "chuis": "je suis", "jsp": "je sais pas",
    "jpp": "j en peux plus", "jen": "j en", "pr": "pour", "pcq": "parce que", "pk": "pourquoi",
    "qd": "quand", "ds": "dans", "plu": "plus", "bcp": "beaucoup", "tt": "tout", "ts": "tous",
    "ya": "il y a", "dla": "de la", "c": "c est", "tkt": "t inquiete",
    "lair": "l air", "dadieu": "d adieu", "dendroit": "d endroit", "menferme": "m enferme",
    "lenferme": "l enferme", "lappart": "l appart", "sarrete": "s arrete",
    "veu": "veux", "vx": "veux", "sui": "suis", "pu": "plus", "pa": "pas",
    "laide": "l aide", "lhabitude": "l habitude",
    # heavy SMS spelling (the ninth development set)
    "envi": "envie", "den": "d en", "ki": "qui", "ke": "que", "koi": "quoi", "kan": "quand",
    "r1": "rien", "ri1": "rien", "fo": "faut", "fe": "fait", "fai": "fait", "meur": "meurs",
    "foto": "photo", "fotos": "photos", "dehor": "dehors", "medoc": "medocs",
    "mieu": "mieux", "mtn": "maintenant", "tjr": "toujours", "tjrs": "toujours",
    "poid": "poids", "vre": "vrai", "croi": "crois", "voi": "vois",
    "doi": "dois", "vai": "vais", "sai": "sais", "recoi": "recois",
    "kitter": "quitter", "mm": "meme", "dsl": "desole", "affaire": "affaires",
}
# only after "j": "jpeu" is "je peux", but "peu" alone is "a little"
_AFTER_J = {"peu": "peux", "fai": "fais"}


# Words that often follow an elided "l'", "m'", "t'", "s'", "n'", "d'" or "c'", which SMS
# writers glue on ("laimais", "soccupe", "mappelle", "cetait"): the glued form is split.
# Only words of three letters or more, so "sa", "ma", "la", "mon", "des" stay as they are.
_ELIDED = frozenset("""
    aime aimes aimais aimait aimerai aimerais appelle appelles appelait appeler occupe occupait
    occuper occupent ecris ecrit ecrire enferme enfermait enferment envoie envoye envoyer
    attend attends attendait arrive arrivait arrivent habite habitait aide aider aidait adieu
    appart ecole endroit etre autre avoir avais avait etait etais est ont insulte insultent
    insultait oblige obligent obligeait empeche empechent empechait entends entend excuse
    explique ignore ignorent ignorait humilie humilient humiliait accuse abandonne abandonnent
    agresse agressait embrasse embrassait epuise isole ouvrir ouvert enfuir endormir ecoute
    ecoutent arreter arrete arretent attrape attrapait achete habitude hais hait interesse
    inquiete inquietes enerve energie envie entendre enfin eux aurai aurais aurait arrivera
    etage etages annee
""".split())
_GLUED = re.compile(r"^([lmtsndc])([aeiouyh]\w{2,})$")


def _unglue(word: str) -> str:
    match = _GLUED.match(word)
    if match and match.group(2) in _ELIDED:
        return f"{match.group(1)} {match.group(2)}"
    return word


_REPEATED = re.compile(r"(\w)\1{2,}")


def _unstretch(word: str) -> str:
    """"pluuus" -> "plus", "jpppp" -> "jpp": a letter written three times or more."""
    if not _REPEATED.search(word):
        return word
    twice = _REPEATED.sub(r"\1\1", word)
    return twice if twice in _SMS else _REPEATED.sub(r"\1", word)


def expand_sms(norm: str) -> str:
    """Common SMS spellings written out: "jveux" -> "je veux", "g" -> "j ai", "laimais" ->
    "l aimais"."""
    words = []
    split = [_unstretch(word) for word in norm.split()]
    for index, word in enumerate(split):
        following = split[index + 1] if index + 1 < len(split) else ""
        if word == "c" and following in ("est", "etait", "etais"):
            words.append(word)  # "c'est" written out, not the SMS "c"
        elif word in _SMS:
            words.append(_SMS[word])
        elif (unglued := _unglue(word)) != word:
            words.append(unglued)
        elif len(word) > 2 and word[0] == "j" and word[1] not in "aeiouy":
            rest = word[1:]  # jveux, jme, jdors, jvais, jveu…
            words.append("je " + _AFTER_J.get(rest, _SMS.get(rest, _unglue(rest))))
        else:
            words.append(word)
    return " ".join(words)


@dataclass(frozen=True)
class Detection:
    categories: tuple[str, ...]
    """The kinds of distress said (SUICIDE, SELF_HARM, …), the most urgent first."""

    @property
    def category(self) -> str:
        return self.categories[0]


def detect(text: str) -> Detection | None:
    """The kind of distress a message speaks of, or None."""
    norm = expand_sms(normalize_words(text))
    if not norm:
        return None
    hits = [(category, match.span()) for category, pattern in _PATTERNS
            for match in pattern.finditer(norm)]
    strong = [category for category, pattern in _STRONG if pattern.search(norm)]
    if strong:
        return Detection(tuple(dict.fromkeys([*strong, *(c for c, _ in hits)])))
    if _set_aside(norm, [span for _, span in hits]):
        return None  # a lesson, a film, a career: the subject named, not lived
    if hits and _over(norm):
        return None  # lived once, over now, and the person asks about what comes next
    found = list(dict.fromkeys(category for category, _ in hits))
    if not found:
        return None
    if (found == [SELF_HARM] and _NOT_SELF_HARM.search(norm)
            and not _ON_PURPOSE.search(norm)):
        return None  # a kitchen accident, or self-harm that is over
    if _NOT_DISTRESS.search(norm) or (_JOKE.search(norm) and found != [SUICIDE]):
        # hyperbole, a joke, or a question about a help line: unless something else in the
        # message is unambiguous (self-harm, sexual violence)
        serious = [c for c in found if c in (SELF_HARM, SEXUAL_VIOLENCE)]
        if not serious:
            return None
        found = serious
    return Detection(tuple(found))


_NOT_A_GAME = _compile(r"\b(?:adulte|un homme|un mec|un gars|chez lui|secret|rien dire|"
                        r"ne rien dire|seule?|photos?|des choses que|secrets|me fait rester|"
                        r"sa preferee?|son prefere|massages?|ses mains)\b")


def looks_like_hyperbole(text: str) -> bool:
    """Hyperbole, a joke, a game or a question about a help line ("je meurs de faim", "ce
    boss me tue", "c'est quoi le 3114"): used to veto the classifier when the net itself
    saw no distress. Not when an adult, a secret or a meeting comes up: grooming often
    starts in games."""
    norm = expand_sms(normalize_words(text))
    if not norm or _NOT_A_GAME.search(norm):
        return False
    return bool(_NOT_DISTRESS.search(norm) or _JOKE.search(norm))


# --- the answer: warm, at once, with the numbers that fit ----------------------------------
# Numbers, hours and reach checked against official pages: actions/content/emergency.yml.
_NUMBERS = {
    SUICIDE: ["le 3114 (prévention du suicide), gratuit, 24 h/24 et 7 j/7"],
    SELF_HARM: ["le 3114 (prévention du suicide et de la souffrance psychique), gratuit, "
                "24 h/24 et 7 j/7"],
    FAMILY_VIOLENCE: ["le 119 (Allô Enfance en danger) si vous avez moins de 18 ans, gratuit, "
                      "24 h/24 : l'appel n'apparaît pas sur la facture",
                      "le 3919 (violences faites aux femmes), gratuit et anonyme, 24 h/24"],
    SEXUAL_VIOLENCE: ["le 119 (Allô Enfance en danger) si vous avez moins de 18 ans, gratuit, "
                      "24 h/24",
                      "le 3919 (violences faites aux femmes), gratuit et anonyme, 24 h/24"],
    HARASSMENT: ["le 3018 (harcèlement et cyberharcèlement), gratuit et anonyme, tous les "
                 "jours de 9 h à 23 h, aussi sur 3018.fr",
                 "le 119 (Allô Enfance en danger) si vous avez moins de 18 ans, 24 h/24"],
    HOMELESS: ["le 115 (hébergement d'urgence), gratuit, 24 h/24",
               "le 119 (Allô Enfance en danger) si vous avez moins de 18 ans, 24 h/24"],
    DANGER: ["le 17 (police ou gendarmerie)", "le 112 (numéro d'urgence européen)"],
}
_ALL = ["le 3114 si vous pensez au suicide", "le 119 si vous êtes mineur et en danger",
        "le 3919 pour les violences faites aux femmes", "le 3018 pour le harcèlement",
        "le 115 si vous n'avez pas d'endroit où dormir"]


def distress_message(detection: Detection | None) -> str:
    """The first answer to someone in distress."""
    if detection is None:
        numbers = _ALL
    else:
        numbers = list(dict.fromkeys(n for c in detection.categories for n in _NUMBERS[c]))
    lines = "\n".join(f"• {n}" for n in numbers)
    return (
        "Merci de me l'avoir écrit. Ce que vous vivez est important, et vous n'avez pas à "
        "rester seul·e avec ça. Des personnes formées peuvent vous écouter maintenant :\n"
        f"{lines}\n"
        "Si vous êtes en danger immédiat, appelez le 112, le 17 (police) ou le 15 (SAMU). "
        "Par SMS, si vous ne pouvez pas parler : le 114."
    )


# --- a gentle line when distress is possible but not certain -------------------------------
# Below the classifier's threshold (config.yml) and above this, the assistant answers as
# usual and adds one line with the numbers, so a missed cry for help still gets them.
POSSIBLE_DISTRESS = 0.5
GENTLE_LINE = ("Et si vous traversez un moment difficile, vous pouvez en parler tout de suite, "
               "gratuitement, 24 h/24 : le 3114 si vous avez des idées noires, le 119 si vous "
               "avez moins de 18 ans et êtes en danger. En cas d'urgence : le 112.")


def worrying(parse_data: dict[str, object]) -> bool:
    """Whether a message, not taken as distress, was close enough to deserve the line."""
    intent = parse_data.get("intent")
    name = intent.get("name") if isinstance(intent, dict) else None
    probability = parse_data.get("distress_probability")
    return (name != "distress" and isinstance(probability, (int, float))
            and probability >= POSSIBLE_DISTRESS)
