/**
 * Fictional seed vocabulary per locale. Each word is [native, ascii romanisation]; the romanisation
 * feeds domains and e-mail addresses. All companies and people are invented.
 */
import { pick, type Rng } from './prng';

export type Pair = readonly [native: string, roman: string];

export interface Locale {
  key: string;
  country: string;
  culture: string;
  language: string;
  phonePrefix: string;
  cities: readonly Pair[];
  streets: readonly Pair[];
  firstNames: readonly Pair[];
  lastNames: readonly Pair[];
  /** Builds a company name from the vocabulary. */
  company(rng: Rng): Pair;
  weight: number;
}

const same = (words: string[]): Pair[] => words.map((w) => [w, w] as const);
const join = (parts: Pair[], sep = ' '): Pair => [
  parts.map((p) => p[0]).join(sep),
  parts.map((p) => p[1]).join(' '),
];

const fr = {
  nouns: same(['Logistique', 'Transports', 'Boulangerie', 'Énergies', 'Conseil', 'Bâtiment', 'Électricité', 'Pâtisserie', 'Menuiserie', 'Informatique', 'Télécommunications', 'Hôtellerie', 'Santé', 'Assurances', 'Céramique']),
  adjs: same(['Générale', 'Méditerranéenne', 'Alpine', 'Atlantique', 'Française', 'Lyonnaise', 'Bretonne', 'Provençale', 'Normande', 'Réunie']),
  heads: same(['Société', 'Compagnie', 'Groupe', 'Établissements', 'Coopérative']),
};
const de = {
  surnames: same(['Müller', 'Schröder', 'Weiß', 'Bäcker', 'Köhler', 'Groß', 'Hoffmann', 'Schäfer', 'Krüger', 'Wörner', 'Fuß', 'Jäger', 'Günther', 'Möller']),
  trades: same(['Maschinenbau', 'Bäckerei', 'Straßenbau', 'Brauerei', 'Elektrotechnik', 'Holzverarbeitung', 'Präzisionsteile', 'Gerüstbau', 'Spedition', 'Kältetechnik']),
  forms: same(['GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'e.K.']),
};
const pt = {
  saints: same(['São João', 'São Paulo', 'Santa Luzia', 'São Jorge', 'Nossa Senhora', 'São Bento', 'Conceição', 'Santo Antônio']),
  kinds: same(['Café', 'Padaria', 'Transportes', 'Construções', 'Farmácia', 'Distribuidora', 'Móveis', 'Açougue', 'Informática']),
  forms: same(['Ltda', 'S.A.', 'ME', 'EIRELI']),
};
const pl = {
  places: same(['Łódź', 'Kraków', 'Gdańsk', 'Wrocław', 'Poznań', 'Białystok', 'Świnoujście', 'Zielona Góra', 'Częstochowa']),
  kinds: same(['Przemysł', 'Budownictwo', 'Usługi Księgowe', 'Meble', 'Piekarnia', 'Transport', 'Energetyka', 'Stolarstwo', 'Zakłady Mięsne']),
  forms: same(['Sp. z o.o.', 'S.A.', 'Sp.j.', 'Sp.k.']),
};
const es = {
  kinds: same(['Construcciones', 'Panadería', 'Transportes', 'Asesoría', 'Distribuciones', 'Ingeniería', 'Cerámicas', 'Logística', 'Muebles']),
  names: same(['Peña', 'Muñoz', 'Núñez', 'Ibáñez', 'Gómez', 'Martínez', 'Castaño', 'Araújo', 'Cañete', 'Fernández']),
  forms: same(['S.L.', 'S.A.', 'S.L.U.', 'S.C.']),
};
const en = {
  names: same(['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Woodgrove', 'Litware', 'Proseware', 'Adatum', 'Alpine Ski', 'Blue Yonder', 'Coho', 'Wingtip', 'Lamna', 'Trey', 'Humongous', 'Margie', 'Fourth Coffee', 'Wide World', 'Relecloud', 'VanArsdel']),
  kinds: same(['Logistics', 'Insurance', 'Consulting', 'Healthcare', 'Software', 'Traders', 'Airlines', 'Foods', 'Engineering', 'Media', 'Bank', 'Winery', 'Outdoor', 'Importers', 'Properties']),
  forms: same(['Ltd', 'Inc.', 'LLC', 'Corp.', 'Group', 'Co.', 'PLC', 'Pty Ltd']),
};
const tr = {
  names: same(['Yıldız', 'Güneş', 'Özkan', 'Çelik', 'Doğan', 'Şahin', 'Aydın', 'Kılıç']),
  kinds: same(['İnşaat', 'Tekstil', 'Gıda', 'Lojistik', 'Yazılım', 'Turizm', 'Mobilya']),
  forms: same(['A.Ş.', 'Ltd. Şti.']),
};
const cs = {
  names: same(['Dvořák', 'Novák', 'Černý', 'Procházka', 'Kučera', 'Veselý', 'Růžička']),
  kinds: same(['Strojírna', 'Pekárna', 'Stavby', 'Účetnictví', 'Doprava', 'Sklárna', 'Pivovar']),
  forms: same(['s.r.o.', 'a.s.', 'v.o.s.']),
};
const sv = {
  names: same(['Åkesson', 'Söderberg', 'Lindqvist', 'Ölund', 'Björk', 'Ängström', 'Hålén']),
  kinds: same(['Bygg', 'Trävaror', 'Elektronik', 'Åkeri', 'Konsult', 'Fastigheter']),
  forms: same(['AB', 'Handelsbolag', 'HB']),
};
const vi = {
  names: same(['Hoàng Long', 'Phương Nam', 'Đại Việt', 'Thành Công', 'Bình Minh', 'Hưng Thịnh', 'Sài Gòn Xanh']),
  kinds: same(['Thương Mại', 'Xây Dựng', 'Vận Tải', 'Công Nghệ', 'Thực Phẩm', 'Dệt May']),
  heads: same(['Công ty TNHH', 'Công ty Cổ phần']),
};

const ja = {
  words: [['さくら', 'sakura'], ['富士', 'fuji'], ['大和', 'yamato'], ['東海', 'tokai'], ['北斗', 'hokuto'], ['青葉', 'aoba'], ['光', 'hikari'], ['みどり', 'midori'], ['朝日', 'asahi'], ['瑞穂', 'mizuho']] as Pair[],
  kinds: [['電機', 'denki'], ['物流', 'butsuryu'], ['商事', 'shoji'], ['建設', 'kensetsu'], ['製作所', 'seisakusho'], ['食品', 'shokuhin'], ['システムズ', 'systems'], ['薬品', 'yakuhin']] as Pair[],
};
const zh = {
  places: [['上海', 'shanghai'], ['深圳', 'shenzhen'], ['杭州', 'hangzhou'], ['成都', 'chengdu'], ['苏州', 'suzhou'], ['广州', 'guangzhou'], ['南京', 'nanjing']] as Pair[],
  words: [['华信', 'huaxin'], ['瑞丰', 'ruifeng'], ['恒达', 'hengda'], ['鸿运', 'hongyun'], ['金石', 'jinshi'], ['长青', 'changqing'], ['天成', 'tiancheng']] as Pair[],
  kinds: [['科技', 'keji'], ['贸易', 'maoyi'], ['物流', 'wuliu'], ['电子', 'dianzi'], ['建筑工程', 'jianzhu'], ['食品', 'shipin']] as Pair[],
};
const uk = {
  words: [['Світанок', 'svitanok'], ['Карпати', 'karpaty'], ['Дніпро', 'dnipro'], ['Полісся', 'polissia'], ['Сонях', 'soniakh'], ['Вишиванка', 'vyshyvanka'], ['Зоря', 'zoria']] as Pair[],
  kinds: [['Агро', 'agro'], ['Буд', 'bud'], ['Транс', 'trans'], ['Софт', 'soft'], ['Маркет', 'market'], ['Енерго', 'energo']] as Pair[],
};
const bg = {
  words: [['Родопи', 'rodopi'], ['Балкан', 'balkan'], ['Витоша', 'vitosha'], ['Тракия', 'trakia'], ['Странджа', 'strandzha']] as Pair[],
  kinds: [['Инженеринг', 'inzhenering'], ['Логистик', 'logistik'], ['Трейд', 'treyd'], ['Софтуер', 'softuer']] as Pair[],
};
const el = {
  words: [['Αθηνά', 'athina'], ['Ολυμπος', 'olympos'], ['Αιγαίο', 'aigaio'], ['Ερμής', 'ermis'], ['Ποσειδών', 'poseidon'], ['Κρήτη', 'kriti']] as Pair[],
  kinds: [['Ναυτιλιακή', 'naftiliaki'], ['Τεχνική', 'techniki'], ['Εμπορική', 'emporiki'], ['Πληροφορική', 'pliroforiki'], ['Τροφίμων', 'trofimon']] as Pair[],
};
const ar = {
  words: [['النور', 'alnoor'], ['الخليج', 'alkhaleej'], ['الصحراء', 'alsahraa'], ['الواحة', 'alwaha'], ['الأمل', 'alamal'], ['النخيل', 'alnakheel']] as Pair[],
  kinds: [['للتجارة العامة', 'trading'], ['للمقاولات', 'contracting'], ['للتقنية', 'technology'], ['للخدمات اللوجستية', 'logistics'], ['للاستشارات', 'consulting']] as Pair[],
};
const he = {
  words: [['אורן', 'oren'], ['גליל', 'galil'], ['כרמל', 'carmel'], ['נגב', 'negev'], ['שקד', 'shaked'], ['תמר', 'tamar']] as Pair[],
  kinds: [['מערכות', 'systems'], ['הנדסה', 'handasa'], ['סחר', 'sachar'], ['תוכנה', 'tochna'], ['לוגיסטיקה', 'logistics']] as Pair[],
};
const ko = {
  words: [['한빛', 'hanbit'], ['푸른', 'pureun'], ['새벽', 'saebyeok'], ['동해', 'donghae'], ['미래', 'mirae'], ['한강', 'hangang']] as Pair[],
  kinds: [['전자', 'jeonja'], ['물산', 'mulsan'], ['건설', 'geonseol'], ['소프트', 'soft'], ['식품', 'sikpum'], ['해운', 'haeun']] as Pair[],
};

const latinFirst = (names: string[]) => same(names);

export const LOCALES: readonly Locale[] = [
  {
    key: 'en-US', country: 'US', culture: 'en-US', language: 'en', phonePrefix: '+1 425', weight: 16,
    cities: same(['Redmond', 'Seattle', 'Austin', 'Denver', 'Boston', 'Chicago']), streets: same(['Main Street', 'Pine Avenue', 'Lake Drive', 'Oak Road']),
    firstNames: latinFirst(['Tania', 'James', 'Olivia', 'Noah', 'Emma', 'Liam', 'Ava', 'Ethan', 'Mia', 'Lucas']),
    lastNames: latinFirst(['Carr', 'Smith', 'Johnson', 'Brown', 'Garcia', 'Miller', 'Davis', 'Wilson', "O'Neil", 'Taylor']),
    company: (r) => join([pick(r, en.names), pick(r, en.kinds), pick(r, en.forms)]),
  },
  {
    key: 'en-GB', country: 'GB', culture: 'en-GB', language: 'en', phonePrefix: '+44 20', weight: 6,
    cities: same(['London', 'Leeds', 'Bristol', 'Glasgow', 'Cardiff']), streets: same(['High Street', 'Station Road', 'Church Lane']),
    firstNames: latinFirst(['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Siobhan']),
    lastNames: latinFirst(['Jones', 'Williams', 'Evans', 'Thomas', 'Roberts', 'Hughes']),
    company: (r) => join([pick(r, en.names), pick(r, en.kinds), pick(r, same(['Ltd', 'PLC', 'LLP']))]),
  },
  {
    key: 'fr-FR', country: 'FR', culture: 'fr-FR', language: 'fr', phonePrefix: '+33 1', weight: 9,
    cities: same(['Paris', 'Lyon', 'Marseille', 'Nantes', 'Besançon', 'Orléans']), streets: same(['rue de la République', 'avenue des Champs', 'boulevard Gambetta', 'place de l’Église']),
    firstNames: latinFirst(['Amélie', 'François', 'Hélène', 'Jérôme', 'Zoé', 'Loïc', 'Cécile', 'Noël']),
    lastNames: latinFirst(['Lefèvre', 'Dupré', 'Gaillard', 'Bérenger', 'Moreau', 'Lacroix', 'Faure']),
    company: (r) => {
      const noun = pick(r, fr.nouns);
      const elide = /^[AEIOUÉÈÊH]/i.test(noun[0]);
      const parts = join([pick(r, fr.heads), pick(r, fr.adjs)]);
      return [`${parts[0]} ${elide ? 'd’' : 'de '}${noun[0]}`, `${parts[1]} ${noun[1]}`];
    },
  },
  {
    key: 'de-DE', country: 'DE', culture: 'de-DE', language: 'de', phonePrefix: '+49 30', weight: 9,
    cities: same(['München', 'Köln', 'Düsseldorf', 'Nürnberg', 'Lübeck', 'Würzburg']), streets: same(['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Schloßallee']),
    firstNames: latinFirst(['Jürgen', 'Käthe', 'Björn', 'Sören', 'Grete', 'Lukas', 'Anja', 'Jörg']),
    lastNames: de.surnames,
    company: (r) => (r() < 0.4 ? join([pick(r, de.surnames), ['&', '&'], ['Söhne', 'Soehne'], pick(r, de.forms)]) : join([pick(r, de.surnames), pick(r, de.trades), pick(r, de.forms)])),
  },
  {
    key: 'pt-BR', country: 'BR', culture: 'pt-BR', language: 'pt', phonePrefix: '+55 11', weight: 6,
    cities: same(['São Paulo', 'Belém', 'Goiânia', 'Florianópolis', 'Maceió']), streets: same(['Rua das Flores', 'Avenida Paulista', 'Praça da Sé']),
    firstNames: latinFirst(['João', 'Conceição', 'Antônio', 'Gonçalo', 'Inês', 'Luíza']),
    lastNames: latinFirst(['Araújo', 'Gonçalves', 'Magalhães', 'Simões', 'Brandão', 'Assunção']),
    company: (r) => join([pick(r, pt.kinds), pick(r, pt.saints), pick(r, pt.forms)]),
  },
  {
    key: 'pl-PL', country: 'PL', culture: 'pl-PL', language: 'pl', phonePrefix: '+48 22', weight: 5,
    cities: same(['Łódź', 'Kraków', 'Gdańsk', 'Wrocław', 'Poznań']), streets: same(['ul. Piotrkowska', 'ul. Długa', 'al. Jerozolimskie']),
    firstNames: latinFirst(['Łukasz', 'Małgorzata', 'Wojciech', 'Agnieszka', 'Paweł', 'Zofia']),
    lastNames: latinFirst(['Wiśniewski', 'Dąbrowska', 'Wróbel', 'Kowalczyk', 'Zieliński', 'Sałata']),
    company: (r) => join([pick(r, pl.places), pick(r, pl.kinds), pick(r, pl.forms)]),
  },
  {
    key: 'es-ES', country: 'ES', culture: 'es-ES', language: 'es', phonePrefix: '+34 91', weight: 6,
    cities: same(['Madrid', 'A Coruña', 'Cádiz', 'Málaga', 'León']), streets: same(['Calle Mayor', 'Avenida de España', 'Plaza de la Constitución']),
    firstNames: latinFirst(['José', 'María', 'Begoña', 'Íñigo', 'Ramón', 'Lucía']),
    lastNames: es.names,
    company: (r) => join([pick(r, es.kinds), pick(r, es.names), ['y', 'y'], pick(r, es.names), pick(r, es.forms)]),
  },
  {
    key: 'tr-TR', country: 'TR', culture: 'tr-TR', language: 'tr', phonePrefix: '+90 212', weight: 2,
    cities: same(['İstanbul', 'İzmir', 'Ankara', 'Eskişehir']), streets: same(['Atatürk Caddesi', 'Cumhuriyet Sokak']),
    firstNames: latinFirst(['Ayşe', 'Mehmet', 'Gökhan', 'Şebnem', 'Çağrı']), lastNames: tr.names,
    company: (r) => join([pick(r, tr.names), pick(r, tr.kinds), pick(r, tr.forms)]),
  },
  {
    key: 'cs-CZ', country: 'CZ', culture: 'cs-CZ', language: 'cs', phonePrefix: '+420 2', weight: 2,
    cities: same(['Praha', 'Brno', 'Plzeň', 'České Budějovice']), streets: same(['Náměstí Míru', 'Václavské náměstí']),
    firstNames: latinFirst(['Jiří', 'Kateřina', 'Tomáš', 'Lucie']), lastNames: cs.names,
    company: (r) => join([pick(r, cs.kinds), pick(r, cs.names), pick(r, cs.forms)]),
  },
  {
    key: 'sv-SE', country: 'SE', culture: 'sv-SE', language: 'sv', phonePrefix: '+46 8', weight: 2,
    cities: same(['Göteborg', 'Malmö', 'Västerås', 'Umeå']), streets: same(['Storgatan', 'Kungsgatan']),
    firstNames: latinFirst(['Åsa', 'Göran', 'Björn', 'Maja']), lastNames: sv.names,
    company: (r) => join([pick(r, sv.names), pick(r, sv.kinds), pick(r, sv.forms)]),
  },
  {
    key: 'vi-VN', country: 'VN', culture: 'vi-VN', language: 'vi', phonePrefix: '+84 28', weight: 2,
    cities: same(['Hà Nội', 'Đà Nẵng', 'Huế', 'Cần Thơ']), streets: same(['Đường Lê Lợi', 'Phố Hàng Bạc']),
    firstNames: latinFirst(['Nguyễn Văn', 'Trần Thị', 'Lê Minh', 'Phạm Thu']), lastNames: latinFirst(['An', 'Bình', 'Hương', 'Dũng']),
    company: (r) => join([pick(r, vi.heads), pick(r, vi.kinds), pick(r, vi.names)]),
  },
  {
    key: 'ja-JP', country: 'JP', culture: 'ja-JP', language: 'ja', phonePrefix: '+81 3', weight: 6,
    cities: [['東京都港区', 'Tokyo'], ['大阪市', 'Osaka'], ['名古屋市', 'Nagoya'], ['札幌市', 'Sapporo']], streets: [['芝公園1-2-3', 'Shibakoen 1-2-3'], ['梅田2-4-9', 'Umeda 2-4-9']],
    firstNames: [['翔太', 'Shota'], ['花子', 'Hanako'], ['健一', 'Kenichi'], ['美咲', 'Misaki'], ['大輔', 'Daisuke']],
    lastNames: [['佐藤', 'Sato'], ['鈴木', 'Suzuki'], ['高橋', 'Takahashi'], ['田中', 'Tanaka'], ['渡辺', 'Watanabe']],
    company: (r) => {
      const w = pick(r, ja.words); const k = pick(r, ja.kinds);
      return r() < 0.5 ? [`株式会社${w[0]}${k[0]}`, `${w[1]} ${k[1]}`] : [`${w[0]}${k[0]}株式会社`, `${w[1]} ${k[1]}`];
    },
  },
  {
    key: 'zh-CN', country: 'CN', culture: 'zh-CN', language: 'zh', phonePrefix: '+86 21', weight: 5,
    cities: [['上海市', 'Shanghai'], ['深圳市', 'Shenzhen'], ['杭州市', 'Hangzhou']], streets: [['南京东路100号', 'Nanjing Dong Lu 100'], ['科技园路8号', 'Kejiyuan Lu 8']],
    firstNames: [['伟', 'Wei'], ['芳', 'Fang'], ['静', 'Jing'], ['磊', 'Lei'], ['婷', 'Ting']],
    lastNames: [['王', 'Wang'], ['李', 'Li'], ['张', 'Zhang'], ['刘', 'Liu'], ['陈', 'Chen']],
    company: (r) => {
      const p = pick(r, zh.places); const w = pick(r, zh.words); const k = pick(r, zh.kinds);
      return [`${p[0]}${w[0]}${k[0]}有限公司`, `${p[1]} ${w[1]} ${k[1]}`];
    },
  },
  {
    key: 'uk-UA', country: 'UA', culture: 'uk-UA', language: 'uk', phonePrefix: '+380 44', weight: 3,
    cities: [['Київ', 'Kyiv'], ['Львів', 'Lviv'], ['Одеса', 'Odesa']], streets: [['вул. Хрещатик, 22', 'Khreshchatyk 22'], ['просп. Свободи, 5', 'Svobody 5']],
    firstNames: [['Олена', 'Olena'], ['Андрій', 'Andrii'], ['Юлія', 'Yuliia'], ['Тарас', 'Taras']],
    lastNames: [['Шевченко', 'Shevchenko'], ['Коваленко', 'Kovalenko'], ['Бондаренко', 'Bondarenko'], ['Ткаченко', 'Tkachenko']],
    company: (r) => {
      const w = pick(r, uk.words); const k = pick(r, uk.kinds);
      return [`ТОВ «${w[0]}-${k[0]}»`, `${w[1]} ${k[1]}`];
    },
  },
  {
    key: 'bg-BG', country: 'BG', culture: 'bg-BG', language: 'bg', phonePrefix: '+359 2', weight: 2,
    cities: [['София', 'Sofia'], ['Пловдив', 'Plovdiv']], streets: [['бул. Витоша 10', 'Vitosha 10']],
    firstNames: [['Иван', 'Ivan'], ['Мария', 'Maria'], ['Георги', 'Georgi']],
    lastNames: [['Петров', 'Petrov'], ['Иванова', 'Ivanova'], ['Димитров', 'Dimitrov']],
    company: (r) => {
      const w = pick(r, bg.words); const k = pick(r, bg.kinds);
      return [`${w[0]} ${k[0]} ЕООД`, `${w[1]} ${k[1]}`];
    },
  },
  {
    key: 'el-GR', country: 'GR', culture: 'el-GR', language: 'el', phonePrefix: '+30 21', weight: 3,
    cities: [['Αθήνα', 'Athina'], ['Θεσσαλονίκη', 'Thessaloniki'], ['Πάτρα', 'Patra']], streets: [['Οδός Ερμού 15', 'Ermou 15'], ['Λεωφόρος Συγγρού 40', 'Syngrou 40']],
    firstNames: [['Γιώργος', 'Giorgos'], ['Ελένη', 'Eleni'], ['Νίκος', 'Nikos'], ['Δήμητρα', 'Dimitra']],
    lastNames: [['Παπαδόπουλος', 'Papadopoulos'], ['Οικονόμου', 'Oikonomou'], ['Γεωργίου', 'Georgiou']],
    company: (r) => {
      const w = pick(r, el.words); const k = pick(r, el.kinds);
      return [`${w[0]} ${k[0]} Α.Ε.`, `${w[1]} ${k[1]}`];
    },
  },
  {
    key: 'ar-AE', country: 'AE', culture: 'ar-AE', language: 'ar', phonePrefix: '+971 4', weight: 3,
    cities: [['دبي', 'Dubai'], ['أبوظبي', 'Abu Dhabi'], ['الشارقة', 'Sharjah']], streets: [['شارع الشيخ زايد', 'Sheikh Zayed Road'], ['شارع الوصل', 'Al Wasl Road']],
    firstNames: [['محمد', 'Mohammed'], ['فاطمة', 'Fatima'], ['أحمد', 'Ahmed'], ['ليلى', 'Layla']],
    lastNames: [['الهاشمي', 'Alhashimi'], ['المنصوري', 'Almansoori'], ['الكعبي', 'Alkaabi']],
    company: (r) => {
      const w = pick(r, ar.words); const k = pick(r, ar.kinds);
      return [`شركة ${w[0]} ${k[0]}`, `${w[1]} ${k[1]}`];
    },
  },
  {
    key: 'he-IL', country: 'IL', culture: 'he-IL', language: 'he', phonePrefix: '+972 3', weight: 3,
    cities: [['תל אביב', 'Tel Aviv'], ['חיפה', 'Haifa'], ['ירושלים', 'Jerusalem']], streets: [['רחוב הרצל 12', 'Herzl 12'], ['שדרות רוטשילד 3', 'Rothschild 3']],
    firstNames: [['נועה', 'Noa'], ['איתי', 'Itai'], ['מיכל', 'Michal'], ['יונתן', 'Yonatan']],
    lastNames: [['כהן', 'Cohen'], ['לוי', 'Levi'], ['מזרחי', 'Mizrahi'], ['פרץ', 'Peretz']],
    company: (r) => {
      const w = pick(r, he.words); const k = pick(r, he.kinds);
      return [`${w[0]} ${k[0]} בע״מ`, `${w[1]} ${k[1]}`];
    },
  },
  {
    key: 'ko-KR', country: 'KR', culture: 'ko-KR', language: 'ko', phonePrefix: '+82 2', weight: 4,
    cities: [['서울특별시', 'Seoul'], ['부산광역시', 'Busan'], ['인천광역시', 'Incheon']], streets: [['테헤란로 152', 'Teheran-ro 152'], ['세종대로 110', 'Sejong-daero 110']],
    firstNames: [['민준', 'Minjun'], ['서연', 'Seoyeon'], ['지호', 'Jiho'], ['하은', 'Haeun']],
    lastNames: [['김', 'Kim'], ['이', 'Lee'], ['박', 'Park'], ['최', 'Choi']],
    company: (r) => {
      const w = pick(r, ko.words); const k = pick(r, ko.kinds);
      return r() < 0.5 ? [`${w[0]}${k[0]} 주식회사`, `${w[1]} ${k[1]}`] : [`(주)${w[0]}${k[0]}`, `${w[1]} ${k[1]}`];
    },
  },
];

export const LOCALE_TOTAL_WEIGHT = LOCALES.reduce((s, l) => s + l.weight, 0);

export function pickLocale(rng: Rng): Locale {
  let x = rng() * LOCALE_TOTAL_WEIGHT;
  for (const l of LOCALES) {
    x -= l.weight;
    if (x < 0) return l;
  }
  return LOCALES[0]!;
}

export function localeByKey(key: string): Locale {
  const found = LOCALES.find((l) => l.key === key);
  if (!found) throw new Error(`unknown locale ${key}`);
  return found;
}

/** Appended to a few names to make very long ones (UI truncation, column widths). */
export const LONG_SUFFIXES: readonly Pair[] = [
  [' Internationale Holding- und Beteiligungsgesellschaft für Industrie-, Handels- und Dienstleistungslogistik', ' intl holding'],
  [' International Holdings and Strategic Investments for Sustainable Infrastructure Development Worldwide', ' intl holdings'],
  [' – Division des Services Professionnels, Techniques et Numériques pour l’Europe, le Moyen-Orient et l’Afrique', ' division emea'],
];
