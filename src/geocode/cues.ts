/**
 * Word tables the geoparser reads: common English words that are also town names, person titles
 * and first names (a capitalised word after them is a person), place-type words, relative-place
 * phrases. Written for this project.
 */
import { type TailPattern, tailPattern } from "../util/tail.js";

const words = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter((w) => w.length > 0));

/** Capitalised words never taken as a place on their own (function words, months, days, common nouns that are town names). */
export const STOPWORDS: ReadonlySet<string> = words(`
the a an in on at as but and or nor of it he she they we you i this that these those there here when where while
after before during since until if so then now today yesterday tomorrow tonight police officials many most some several
more less both each every all one two three four five six seven eight nine ten other another such also however
meanwhile according although because for from with without about over under between among against across along
around behind beyond near through within last next first second third new old early late just only even still yet
why how what who whom which whose is are was were be been being has have had do does did will would can could may
might must should shall not no yes our your their his her its my me him them us
monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december
hit man bar mobile buy best price hope chase wells reading bath nice split mission independence liberty union unity
progress commerce enterprise justice security defense defence energy army navy marine marines federal national
central general republic republican republicans democrat democrats democratic congress senate house court supreme
council state states city county church school university college hospital center centre street road avenue park
lake river mountain valley island beach bay harbor harbour port fort mount saint sun star post times tribune herald
news daily journal press gazette christmas easter god allah jesus christian christians muslim muslims islamic jewish
catholic protestant sunni shia shiite kurdish kurds arab arabs arabic western eastern northern southern north south
east west middle upper lower great little big long grand royal golden green red white black blue brown gray grey
young king queen prince princess lord lady sir mary grace anna ann rose joy faith victory freedom peace welcome
friendship harmony paradise eden canton dallas temple trinity providence goshen zion bethel salem shiloh
good bad well better home office service services center media family life love time day week month year people
world government minister ministry president officer officers sheriff deputy judge chief governor mayor senator
representative director manager coach team club party group front forces force brigade battalion regiment division
troops soldiers fighters rebels militia militants opposition regime coalition alliance agency authority authorities
report reports reported says said told added statement sources source observatory ceo inc ltd co corp company
bank market markets trade oil gas water power fire rain snow storm wind air land sea sky space
senior junior jr sr st mr mrs ms dr prof gen col maj capt lt sgt
free independent united international global royal imperial
a.m p.m am pm tv radio online internet web email
hamas hezbollah hizbollah fatah taliban isis isil daesh nato un eu al-qaeda qaeda houthi houthis ansar nusra
obama bush clinton trump putin assad biden lincoln kennedy reagan carter nixon washington's
passover ramadan eid hanukkah thanksgiving halloween section pack lane hall northwest northeast southwest southeast
gulf woman men women child children none much many can't won't
any never ever always often get got please click share follow sign subscribe watch see
`);

/** Months and weekdays (and their abbreviations): never a place, whatever the cue ("in March"). */
export const CALENDAR_WORDS: ReadonlySet<string> = words(`
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
`);

/** Multi-word names that the gazetteer knows as towns but news uses for institutions. */
export const STOP_PHRASES: ReadonlySet<string> = new Set([
  "white house",
  "supreme court",
  "new year",
  "new years",
  "good friday",
  "high school",
  "middle school",
  "city hall",
  "town hall",
  "main street",
  "wall street",
  "capitol hill",
  "downing street",
  "red cross",
  "red crescent",
  "holy see",
  "wrong way",
]);

/** Titles after which a capitalised word is a person, not a place. */
export const PERSON_TITLES: ReadonlySet<string> = words(`
mr mrs ms miss dr prof president vice sen senator rep representative gov governor mayor judge justice officer
sgt sergeant capt captain lt lieutenant col colonel maj major gen general adm admiral cpl corporal pvt private
rev reverend father pastor bishop sheriff deputy chief coach minister secretary prince princess king queen lord
lady sir dame sheikh imam ayatollah mullah emir detective trooper agent attorney commissioner chairman chairwoman
councilman councilwoman councilor superintendent principal professor dean director spokesman spokeswoman
envoy ambassador diplomat
st saint
`);

/** Common first names: a known first name before a capitalised place name makes it a surname. */
export const FIRST_NAMES: ReadonlySet<string> = words(`
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald
steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric
jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry
gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert willie
alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis harry fred howard earl jim tom
bill bob mike steve dave chris tony ed ted don ken ben sam dan matt nick rick ron tim greg jeff
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley
kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen
amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail alice
judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie
kayla alexis lori jane
mohammed muhammad mohammad ahmed ahmad ali hassan hussein hussain omar abdullah abdul ibrahim khalid mahmoud mustafa
yusuf youssef saeed salim hamid karim tariq walid bashar hafez vladimir dmitry sergei igor viktor volodymyr
recep tayyip benjamin abraham barack hillary condoleezza
`);

/** Words after a name that make it a division of a given level ("Idlib province", "Laurel County"). */
export const DIVISION_WORDS: ReadonlyMap<string, "ADM1" | "ADM2"> = new Map([
  ["province", "ADM1"],
  ["provinces", "ADM1"],
  ["governorate", "ADM1"],
  ["governorates", "ADM1"],
  ["oblast", "ADM1"],
  ["region", "ADM1"],
  ["state", "ADM1"],
  ["wilayat", "ADM1"],
  ["district", "ADM2"],
  ["districts", "ADM2"],
  ["county", "ADM2"],
  ["parish", "ADM2"],
  ["raion", "ADM2"],
  ["rayon", "ADM2"],
]);

/** Lower-case words after a name that say it is a place ("Badah town", "Gardez city", "Quissanga district"). */
export const PLACE_WORDS_AFTER: ReadonlySet<string> = words(`
city town village villages area district districts province governorate county region municipality commune
sector department prefecture subdistrict sub-district locality neighbourhood neighborhood camp oblast raion rayon
`);

/**
 * Words for the unit a name is between the name and its container ("X district, Y", "X sector area (Y)", "X
 * LGA, Y"): administrative units of many countries and the kinds of place notes name.
 */
export const UNIT_WORDS: readonly string[] = [
  "district",
  "subdistrict",
  "sub-district",
  "subdivision",
  "sub-division",
  "province",
  "governorate",
  "county",
  "region",
  "zone",
  "municipality",
  "commune",
  "department",
  "prefecture",
  "sub-prefecture",
  "cercle",
  "territory",
  "chiefdom",
  "sector",
  "lga",
  "tehsil",
  "taluka",
  "block",
  "upazila",
  "woreda",
  "township",
  "barangay",
  "state",
  "city",
  "town",
  "village",
  "locality",
  "area",
  "camp",
];

/** Lower-case words after a name that make it a quarter of a town ("Sao Domingos neighborhood"), not a town. */
export const QUARTER_AFTER: ReadonlySet<string> = words(`
neighborhood neighbourhood neighborhoods neighbourhoods
`);

/** Words before a name that say it is a place ("in X", "near X"). */
export const PLACE_PREPOSITIONS: ReadonlySet<string> = words(`
in near at from to into outside around across toward towards via through throughout inside within between
`);

/** Place nouns that make "<noun> of X" a place cue like a preposition ("the town of X", "the outskirts of X"). */
export const PLACE_NOUNS_OF: ReadonlySet<string> = words(`
town towns city cities village villages neighbourhood neighborhood suburb suburbs quarter outskirts countryside
vicinity environs
`);

/** Phrases before a toponym that place an event near it, not in it (resolve to the anchor, precision 2). */
export const RELATIVE_BEFORE: readonly TailPattern[] = [
  tailPattern(
    /\b(?:\d+(?:\.\d+)?\s*(?:km|kms|kilometres|kilometers|miles|mi)\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+of\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+|village\s+of\s+)?$/i,
  ),
  tailPattern(
    /\b(?:near|nearby|close\s+to|outside(?:\s+of)?|around|on\s+the\s+outskirts\s+of|outskirts\s+of|the\s+outskirts\s+of|in\s+the\s+vicinity\s+of|vicinity\s+of|(?:in\s+)?the\s+(?:countryside|suburbs?|environs|periphery|surroundings|rural\s+areas?|villages)\s+(?:of|around)|countryside\s+of|suburbs?\s+of|rural|the\s+road\s+(?:to|from|between))\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?$/i,
  ),
];

/** The end of a RELATIVE_BEFORE phrase that means the land around a town, not a point near it ("rural X", "the countryside of X"). */
export const RURAL_BEFORE: TailPattern = tailPattern(
  /\b(?:countryside|suburbs?|environs|periphery|surroundings|rural(?:\s+areas?)?|villages)\s+(?:(?:of|around)\s+)?(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?$/i,
);

/** Words after a toponym that make the mention relative ("Idlib countryside", "Aleppo's outskirts"). */
export const RELATIVE_AFTER: RegExp =
  /^(?:['’]s)?\s+(?:countryside|outskirts|suburbs?|environs|periphery|border|borders|frontier|desert|hinterland|area|region)\b/i;

/** Lower-case words after a name that make it a facility's name, not a town's ("the Shahba hotel"). */
export const FACILITY_AFTER: ReadonlySet<string> = words(`
hotel inn restaurant cafe club stadium museum mall bank company factory
`);

/** Words after a name that make it part of an organisation or a thing, not a place ("Washington Post"). */
export const NAME_HEADS: ReadonlySet<string> = words(`
post times tribune herald journal gazette chronicle star sun globe inquirer examiner observer telegraph guardian
daily news press review magazine bulletin dispatch courier register standard
media observatory network centre center foundation committee coordination
university college institute academy school seminary
hotel inn restaurant cafe bar grill club stadium arena theatre theater museum gallery library
inc corp corporation company co ltd llc group holdings partners associates bank
street st avenue ave road rd boulevard blvd drive dr lane highway hwy parkway way square plaza
bridge building tower mall
rangers cowboys braves falcons bears lions tigers eagles giants jets kings lakers knicks bulls celtics cardinals
reds blues pirates mariners royals rockies twins yankees mets nationals capitals flames oilers canucks senators
united rovers wanderers athletic fc
accord accords agreement protocol convention treaty syndrome disease
people's peoples
`);

/** Capitalised words never a place on their own, whatever the cue ("in The New Yorker", "in Congress"). */
export const NEVER_ALONE: ReadonlySet<string> = words(`
the a an and or of to for from with by at on in as is it its this that these those he she they we you i his her
our their congress parliament senate court cafe café gang capital law week date base
`);

/** Capitalised words before a name that make it part of a business or institution ("Cafe Milano", "Hotel Rwanda"). */
export const NAME_HEADS_BEFORE: ReadonlySet<string> = words(`
cafe café hotel restaurant bar club bank radio cinema pizzeria daily
`);

/**
 * First words of Arabic, Turkish, Malay and Kurdish place names ("Abu", "Tal", "Ain", "Deir") and of Latin
 * American quarters ("Colonia", "Barrio"): never a place on their own, whatever the gazetteer has under the
 * bare word (Ābu in India, Hulu in China, "Colonia" for El Venado).
 */
export const NAME_PREFIXES: ReadonlySet<string> = words(`
abu abou al el ain ayn ein tal tall tell tel deir dayr kafr kfar bab ras beit bayt bir jisr khirbet khirbat
qasr umm um wadi jabal jebel jabel sidi hay hayy harat mazraat ibn bin hulu kampung kuala sungai khan
marj qalaat qalat nahr
colonia barrio
`);

/** Currency names ("pound", "lira", "dinar"): a place on their own only as "X, Country". */
export const CURRENCY_WORDS: ReadonlySet<string> = words(`
pound pounds lira liras lire dinar dinars dirham dirhams riyal riyals rial rials shekel shekels rupee rupees
naira shilling shillings franc francs peso pesos yuan ruble rubles rouble roubles hryvnia toman tomans
dollar dollars euro euros cedi kwacha rand birr leone
`);

/**
 * What after a name makes it a weapon's model ("Grad rockets", "Tomahawk cruise missiles", "a Kornet anti-tank
 * missile"), not a place: no town of that name is meant, however well known, and it must not vote for its country.
 * A weapon word that names an attack ("Kyiv missile attack", "Gaza rocket fire") leaves the place a place.
 */
export const WEAPON_AFTER: RegExp =
  /^\s+(?:(?:cruise|anti-tank|guided|ballistic|surface-to-air|multiple-rocket)\s+)*(?:missiles?|rockets?|launchers?|warheads?|rifles?)\b(?!\s+(?:attacks?|strikes?|barrages?|fire|salvos?|raids?|alerts?|sirens?)\b)/i;

/** Lower-case words after a name that make it a news outlet ("Mehr news agency", "Aleppo 24 news"). */
export const OUTLET_AFTER: ReadonlySet<string> = words(`
news agency newspaper daily channel tv television radio website outlet reporter reporters correspondent
correspondents
`);

/** Three-letter month names: a date in a dateline ("May 3", "Sept. 12"). */
const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?";

/**
 * A dateline at the start of a line: a capitalised place (and up to two more after commas), maybe a
 * date, maybe an agency in parentheses, then a dash ("DAMASCUS (Reuters) -", "Beirut, Lebanon, May 3
 * (AP) —"). Group 1 ends where the header does.
 */
export const DATELINE: RegExp = new RegExp(
  `^[ \\t]*(\\p{Lu}[\\p{L}'’.\\- ]{1,40}?(?:,[ \\t]*\\p{Lu}[\\p{L}.\\- ]{1,30}?){0,2}(?:,?[ \\t]+${MONTH}[ \\t]+\\d{1,2}(?:,[ \\t]*\\d{4})?)?[ \\t]*(?:\\([^()\\n]{1,40}\\)[ \\t]*)?)(?:-{1,2}|–|—)[ \\t]`,
  "u",
);

/** Phrases right before a place that give it a role other than where the event was. */
export const ROLE_BEFORE: readonly (readonly ["hospital" | "remote", TailPattern])[] = [
  [
    "hospital",
    tailPattern(
      /\b(?:taken|rushed|transferred|transported|evacuated|admitted|airlifted|brought|treated|hospitali[sz]ed)\s+(?:\w+\s+){0,3}?(?:to|in|at|into)\s+(?:the\s+|a\s+|nearby\s+)*(?:(?:city|town)\s+of\s+)?$/i,
    ),
  ],
  [
    "remote",
    tailPattern(
      /\b(?:speaking|spoke|talking|talked|reached|interviewed|contacted|told\s+\S+(?:\s+\S+)?)\s+(?:by\s+(?:phone|telephone)\s+)?(?:from|in)\s+(?:the\s+)?(?:(?:city|town|border\s+town|\p{Lu}\w+\s+(?:city|town))\s+of\s+)?$/iu,
    ),
  ],
  [
    "remote",
    tailPattern(
      /\b(?:fled|escaped|relocated|moved)\s+(?:\w+\s+){0,2}?to\s+(?:the\s+)?(?:(?:city|town|border\s+town)\s+of\s+)?$|\b(?:refuge|exile|lives|living|now\s+lives?|resettled|sheltering)\s+in\s+(?:the\s+)?$|\bfrom\s+(?:his|her|their|a)\s+(?:home|house|tent|office|bed|hideout|exile)\s+in\s+(?:the\s+)?$/i,
    ),
  ],
];

/**
 * Words around a national capital that make it stand for its government, not a place ("Damascus denied",
 * "Moscow announced", "prompted Washington to act"): such a mention names a party, never the event's place.
 */
export const GOVERNMENT_AFTER: RegExp =
  /^(?:'s?|’s?)?\s+(?:(?:has|have|had|also|later|then|swiftly|quickly|repeatedly|again|officially|publicly|immediately|has\s+long|would|will)\s+){0,2}(?:said|says|say|announced|announces|denied|denies|deny|accused|accuses|blamed|blames|warned|warns|threatened|threatens|vowed|vows|condemned|condemns|rejected|rejects|insisted|insists|claimed|claims|responded|responds|retaliated|demanded|demands|urged|urges|called|calls|backs|backed|supports|supported|wants|wanted|agreed|agrees|involved|maintains|maintained|considers|sees|views|hopes|fears|signalled|signaled|protested|summoned|welcomed|welcomes|praised|criticised|criticized|dismissed|refused|declined|argued|argues|believes|believed|pledged|pledges|promised|stressed|ordered|decided|approved|imposed|sanctioned|sent|deployed|recognised|recognized|is\s+(?:backing|supporting|seeking|trying|pushing))\b/i;

/** Words right before a national capital that make it its government ("prompted Washington to", "ties with Moscow"). */
export const GOVERNMENT_BEFORE: TailPattern = tailPattern(
  /\b(?:prompted|urged|pressed|asked|forced|allowed|warned|accused|blamed|told|called\s+on|ties\s+(?:with|between)|relations\s+(?:with|between)|talks\s+(?:with|between)|backed\s+by|supported\s+by|allies\s+in|pressure\s+on|criticism\s+of)\s+$/i,
);

/** A locative word right before a capital: it is where something happened ("crowds near Damascus protested"). */
export const PLACE_BEFORE: TailPattern = tailPattern(
  /\b(?:in|near|outside|around|at|into|across|inside|of|towards?|on the outskirts of)\s+(?:the\s+)?$/i,
);

/** After a capitalised place: a news agency in parentheses, as in a dateline ("MOSCOW (Sputnik)"). */
export const AGENCY_AFTER: RegExp = /^(?:,[ \t]*[\p{Lu}][\p{L} .]{1,30})?[ \t]*\(\p{Lu}[\p{L} .]{1,30}\)/u;
