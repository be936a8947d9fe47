// A deterministic catalog that looks like a Chinese supermarket / department store: real brands,
// Chinese names with their pinyin initials, real-looking prices, valid and unique barcodes.
// Used by the CRM seed, demos, tests and benchmarks; the same seed always gives the same catalog,
// and product i does not depend on how many products were asked for.

import { withGtinCheckDigit } from './barcode';
import { uuidv7 } from './ids';
import type { Category, Fen, Product } from './model';

/** Mulberry32: a small, fast, seedable PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A vocabulary word: Chinese, its pinyin initials (one per Han character), English. */
type Word = readonly [zh: string, initials: string, en: string];
/** A spec (size, pack, grade) with its price factor relative to the kind's base price. */
type Spec = readonly [zh: string, initials: string, en: string, factor: number];

type CategoryKey =
  | 'dairy'
  | 'drinks'
  | 'grain'
  | 'condiment'
  | 'instant'
  | 'snacks'
  | 'liquor'
  | 'household'
  | 'personal'
  | 'beauty'
  | 'fruit'
  | 'veg'
  | 'meat'
  | 'apparel'
  | 'shoes'
  | 'appliance'
  | 'baby';

const CATEGORY_WORDS: readonly (readonly [CategoryKey, string, string])[] = [
  ['dairy', '乳品', 'Dairy'],
  ['drinks', '饮料', 'Beverages'],
  ['grain', '粮油', 'Grain & Oil'],
  ['condiment', '调味品', 'Condiments'],
  ['instant', '方便食品', 'Instant Food'],
  ['snacks', '零食', 'Snacks'],
  ['liquor', '酒水', 'Wine & Spirits'],
  ['household', '日化', 'Household'],
  ['personal', '个人护理', 'Personal Care'],
  ['beauty', '美妆', 'Beauty'],
  ['fruit', '生鲜水果', 'Fresh Fruit'],
  ['veg', '蔬菜', 'Vegetables'],
  ['meat', '肉禽蛋', 'Meat & Eggs'],
  ['apparel', '服装', 'Apparel'],
  ['shoes', '鞋靴', 'Footwear'],
  ['appliance', '家电', 'Home Appliances'],
  ['baby', '母婴', 'Mother & Baby'],
];

interface Kind {
  cat: CategoryKey;
  /** Brands, or for weighed goods the origin / cut prefix. */
  brands: readonly Word[];
  words: readonly Word[];
  specs: readonly Spec[];
  /** Base price range in fen for a spec with factor 1 (per kg for weighed goods). */
  price: readonly [Fen, Fen];
  /** Relative share among the packaged (or among the weighed) kinds. */
  share: number;
  weighed?: boolean;
}

const COLORS: readonly Word[] = [
  ['黑色', 'hs', 'Black'],
  ['白色', 'bs', 'White'],
  ['藏青', 'zq', 'Navy'],
  ['灰色', 'hs', 'Grey'],
  ['红色', 'hs', 'Red'],
  ['卡其', 'kq', 'Khaki'],
];

function sized(sizes: readonly string[], suffix: Word | null): Spec[] {
  const out: Spec[] = [];
  for (const [zh, py, en] of COLORS) {
    for (const size of sizes) {
      const s = suffix ? `${size}${suffix[0]}` : size;
      out.push([`${zh} ${s}`, py + (suffix ? suffix[1] : ''), `${en} ${size}`, 1]);
    }
  }
  return out;
}

const ORIGINS: readonly Word[] = [
  ['烟台', 'yt', 'Yantai'],
  ['阿克苏', 'aks', 'Aksu'],
  ['赣南', 'gn', 'Gannan'],
  ['海南', 'hn', 'Hainan'],
  ['新疆', 'xj', 'Xinjiang'],
  ['丹东', 'dd', 'Dandong'],
  ['云南', 'yn', 'Yunnan'],
  ['山东', 'sd', 'Shandong'],
  ['本地', 'bd', 'Local'],
  ['进口', 'jk', 'Imported'],
];

const GRADES: readonly Spec[] = [
  ['', '', '', 1],
  ['精品', 'jp', 'Premium', 1.3],
  ['特级', 'tj', 'Extra Grade', 1.5],
  ['散装', 'sz', 'Bulk', 0.9],
  ['优选', 'yx', 'Selected', 1.15],
];

const KINDS: readonly Kind[] = [
  {
    cat: 'dairy',
    share: 6,
    price: [250, 550],
    brands: [
      ['伊利', 'yl', 'Yili'],
      ['蒙牛', 'mn', 'Mengniu'],
      ['光明', 'gm', 'Bright Dairy'],
      ['三元', 'sy', 'Sanyuan'],
      ['君乐宝', 'jlb', 'Junlebao'],
      ['安慕希', 'amx', 'Ambrosial'],
      ['特仑苏', 'tls', 'Deluxe'],
      ['纯甄', 'cz', 'Chunzhen'],
      ['新希望', 'xxw', 'New Hope'],
      ['卫岗', 'wg', 'Weigang'],
    ],
    words: [
      ['纯牛奶', 'cnn', 'Pure Milk'],
      ['高钙奶', 'ggn', 'High-Calcium Milk'],
      ['低脂牛奶', 'dznn', 'Low-Fat Milk'],
      ['酸奶', 'sn', 'Yogurt'],
      ['原味酸奶', 'ywsn', 'Plain Yogurt'],
      ['风味酸奶', 'fwsn', 'Flavored Yogurt'],
      ['早餐奶', 'zcn', 'Breakfast Milk'],
      ['鲜牛奶', 'xnn', 'Fresh Milk'],
      ['奶酪棒', 'nlb', 'Cheese Sticks'],
      ['乳酸菌饮品', 'rsjyp', 'Lactic Acid Drink'],
    ],
    specs: [
      ['250ml', '', '250ml', 1],
      ['250ml×12', '', '250ml×12', 10.5],
      ['250ml×24', '', '250ml×24', 20],
      ['200g×10', '', '200g×10', 8.5],
      ['1L', '', '1L', 3.4],
      ['950ml', '', '950ml', 3.2],
    ],
  },
  {
    cat: 'drinks',
    share: 3,
    price: [150, 300],
    brands: [
      ['农夫山泉', 'nfsq', 'Nongfu Spring'],
      ['怡宝', 'yb', "C'estbon"],
      ['娃哈哈', 'whh', 'Wahaha'],
      ['百岁山', 'bss', 'Ganten'],
      ['康师傅', 'ksf', 'Master Kong'],
    ],
    words: [
      ['饮用天然水', 'yytrs', 'Natural Drinking Water'],
      ['纯净水', 'cjs', 'Purified Water'],
      ['天然矿泉水', 'trkqs', 'Natural Mineral Water'],
      ['苏打气泡水', 'sdqps', 'Sparkling Soda Water'],
    ],
    specs: [
      ['550ml', '', '550ml', 1],
      ['550ml×24', '', '550ml×24', 19],
      ['1.5L', '', '1.5L', 2],
      ['5L', '', '5L', 4.5],
      ['380ml×12', '', '380ml×12', 9],
    ],
  },
  {
    cat: 'drinks',
    share: 4,
    price: [280, 450],
    brands: [
      ['康师傅', 'ksf', 'Master Kong'],
      ['统一', 'ty', 'Uni-President'],
      ['可口可乐', 'kkkl', 'Coca-Cola'],
      ['百事', 'bs', 'Pepsi'],
      ['元气森林', 'yqsl', 'Genki Forest'],
      ['王老吉', 'wlj', 'Wanglaoji'],
      ['加多宝', 'jdb', 'JDB'],
      ['红牛', 'hn', 'Red Bull'],
      ['脉动', 'md', 'Mizone'],
    ],
    words: [
      ['冰红茶', 'bhc', 'Iced Black Tea'],
      ['绿茶', 'lc', 'Green Tea'],
      ['茉莉花茶', 'mlhc', 'Jasmine Tea'],
      ['可乐', 'kl', 'Cola'],
      ['橙汁', 'cz', 'Orange Juice'],
      ['凉茶', 'lc', 'Herbal Tea'],
      ['功能饮料', 'gnyl', 'Energy Drink'],
      ['酸梅汤', 'smt', 'Sour Plum Drink'],
      ['椰子水', 'yzs', 'Coconut Water'],
      ['无糖气泡水', 'wtqps', 'Sugar-Free Sparkling Water'],
    ],
    specs: [
      ['500ml', '', '500ml', 1],
      ['330ml×6', '', '330ml×6', 4.5],
      ['330ml×24', '', '330ml×24', 16],
      ['1L', '', '1L', 1.8],
      ['2L', '', '2L', 2.6],
      ['500ml×15', '', '500ml×15', 12.5],
    ],
  },
  {
    cat: 'grain',
    share: 3,
    price: [1400, 3200],
    brands: [
      ['金龙鱼', 'jly', 'Arawana'],
      ['福临门', 'flm', 'Fortune'],
      ['鲁花', 'lh', 'Luhua'],
      ['胡姬花', 'hjh', 'Hujihua'],
      ['中粮', 'zl', 'COFCO'],
      ['多力', 'dl', 'Duoli'],
    ],
    words: [
      ['花生油', 'hsy', 'Peanut Oil'],
      ['大豆油', 'ddy', 'Soybean Oil'],
      ['玉米油', 'ymy', 'Corn Oil'],
      ['调和油', 'thy', 'Blended Cooking Oil'],
      ['菜籽油', 'czy', 'Rapeseed Oil'],
      ['葵花籽油', 'khzy', 'Sunflower Oil'],
    ],
    specs: [
      ['1L', '', '1L', 1],
      ['900ml', '', '900ml', 0.92],
      ['1.8L', '', '1.8L', 1.75],
      ['4L', '', '4L', 3.6],
      ['5L', '', '5L', 4.4],
    ],
  },
  {
    cat: 'grain',
    share: 3,
    price: [500, 1200],
    brands: [
      ['金龙鱼', 'jly', 'Arawana'],
      ['福临门', 'flm', 'Fortune'],
      ['十月稻田', 'sydt', 'Shiyue Daotian'],
      ['五得利', 'wdl', 'Wudeli'],
      ['香满园', 'xmy', 'Xiangmanyuan'],
      ['中粮', 'zl', 'COFCO'],
    ],
    words: [
      ['五常大米', 'wcdm', 'Wuchang Rice'],
      ['东北大米', 'dbdm', 'Northeast Rice'],
      ['长粒香米', 'clxm', 'Long-Grain Fragrant Rice'],
      ['泰国香米', 'tgxm', 'Thai Jasmine Rice'],
      ['高筋面粉', 'gjmf', 'Bread Flour'],
      ['小麦粉', 'xmf', 'Wheat Flour'],
      ['小米', 'xm', 'Millet'],
      ['挂面', 'gm', 'Dried Noodles'],
    ],
    specs: [
      ['1kg', '', '1kg', 1],
      ['2.5kg', '', '2.5kg', 2.4],
      ['5kg', '', '5kg', 4.6],
      ['10kg', '', '10kg', 8.8],
    ],
  },
  {
    cat: 'condiment',
    share: 5,
    price: [550, 1300],
    brands: [
      ['海天', 'ht', 'Haday'],
      ['李锦记', 'ljj', 'Lee Kum Kee'],
      ['老干妈', 'lgm', 'Lao Gan Ma'],
      ['太太乐', 'ttl', 'Totole'],
      ['千禾', 'qh', 'Qianhe'],
      ['恒顺', 'hs', 'Hengshun'],
      ['厨邦', 'cb', 'Chubang'],
      ['加加', 'jj', 'Jiajia'],
    ],
    words: [
      ['生抽', 'sc', 'Light Soy Sauce'],
      ['老抽', 'lc', 'Dark Soy Sauce'],
      ['蚝油', 'hy', 'Oyster Sauce'],
      ['陈醋', 'cc', 'Aged Vinegar'],
      ['料酒', 'lj', 'Cooking Wine'],
      ['鸡精', 'jj', 'Chicken Bouillon'],
      ['风味豆豉', 'fwdc', 'Fermented Black Beans'],
      ['辣椒酱', 'ljj', 'Chili Sauce'],
      ['味极鲜酱油', 'wjxjy', 'Premium Soy Sauce'],
      ['黄豆酱', 'hdj', 'Soybean Paste'],
    ],
    specs: [
      ['500ml', '', '500ml', 1],
      ['1.9L', '', '1.9L', 2.9],
      ['280g', '', '280g', 0.8],
      ['750ml', '', '750ml', 1.4],
      ['200g', '', '200g', 0.6],
    ],
  },
  {
    cat: 'instant',
    share: 4,
    price: [350, 600],
    brands: [
      ['康师傅', 'ksf', 'Master Kong'],
      ['统一', 'ty', 'Uni-President'],
      ['今麦郎', 'jml', 'Jinmailang'],
      ['白象', 'bx', 'Baixiang'],
      ['日清', 'rq', 'Nissin'],
      ['好欢螺', 'hhl', 'Haohuanluo'],
    ],
    words: [
      ['红烧牛肉面', 'hsnrm', 'Braised Beef Noodles'],
      ['老坛酸菜牛肉面', 'ltscnrm', 'Pickled Cabbage Beef Noodles'],
      ['香辣牛肉面', 'xlnrm', 'Spicy Beef Noodles'],
      ['鲜虾鱼板面', 'xxybm', 'Shrimp & Fish Cake Noodles'],
      ['螺蛳粉', 'lsf', 'Luosifen Rice Noodles'],
      ['酸辣粉', 'slf', 'Hot & Sour Glass Noodles'],
      ['自热火锅', 'zrhg', 'Self-Heating Hotpot'],
    ],
    specs: [
      ['单包', 'db', 'Single Pack', 1],
      ['五连包', 'wlb', 'Pack of 5', 3.8],
      ['桶装', 'tz', 'Cup', 1.3],
      ['12桶整箱', 'tzx', 'Case of 12 Cups', 12],
    ],
  },
  {
    cat: 'instant',
    share: 2,
    price: [1200, 2600],
    brands: [
      ['三全', 'sq', 'Sanquan'],
      ['思念', 'sn', 'Synear'],
      ['湾仔码头', 'wzmt', 'Wanchai Ferry'],
      ['必品阁', 'bpg', 'Bibigo'],
    ],
    words: [
      ['猪肉白菜水饺', 'zrbcsj', 'Pork & Cabbage Dumplings'],
      ['三鲜水饺', 'sxsj', 'Three-Delicacy Dumplings'],
      ['黑芝麻汤圆', 'hzmty', 'Black Sesame Tangyuan'],
      ['虾仁馄饨', 'xrht', 'Shrimp Wontons'],
      ['手抓饼', 'szb', 'Hand-Pulled Pancakes'],
    ],
    specs: [
      ['500g', '', '500g', 1],
      ['1kg', '', '1kg', 1.8],
      ['450g', '', '450g', 0.9],
    ],
  },
  {
    cat: 'snacks',
    share: 8,
    price: [600, 2500],
    brands: [
      ['三只松鼠', 'szss', 'Three Squirrels'],
      ['良品铺子', 'lppz', 'Bestore'],
      ['百草味', 'bcw', 'Be&Cheery'],
      ['乐事', 'ls', "Lay's"],
      ['旺旺', 'ww', 'Want Want'],
      ['奥利奥', 'aly', 'Oreo'],
      ['达利园', 'dly', 'Daliyuan'],
      ['徐福记', 'xfj', 'Hsu Fu Chi'],
      ['卫龙', 'wl', 'Weilong'],
      ['盼盼', 'pp', 'Panpan'],
    ],
    words: [
      ['每日坚果', 'mrjg', 'Daily Mixed Nuts'],
      ['夏威夷果', 'xwyg', 'Macadamia Nuts'],
      ['碧根果', 'bgg', 'Pecans'],
      ['原味薯片', 'ywsp', 'Original Potato Chips'],
      ['黄瓜味薯片', 'hgwsp', 'Cucumber Potato Chips'],
      ['雪饼', 'xb', 'Rice Crackers'],
      ['夹心饼干', 'jxbg', 'Sandwich Cookies'],
      ['蛋黄派', 'dhp', 'Custard Pie'],
      ['辣条', 'lt', 'Spicy Gluten Strips'],
      ['牛肉干', 'nrg', 'Beef Jerky'],
      ['猪肉脯', 'zrf', 'Pork Jerky'],
      ['芒果干', 'mgg', 'Dried Mango'],
      ['沙琪玛', 'sqm', 'Sachima'],
    ],
    specs: [
      ['150g', '', '150g', 1],
      ['70g', '', '70g', 0.5],
      ['500g', '', '500g', 2.9],
      ['750g礼盒', 'lh', 'Gift Box 750g', 4.6],
      ['30袋装', 'dz', 'Pack of 30', 5.5],
    ],
  },
  {
    cat: 'liquor',
    share: 2,
    price: [400, 900],
    brands: [
      ['青岛啤酒', 'qdpj', 'Tsingtao'],
      ['雪花', 'xh', 'Snow'],
      ['燕京', 'yj', 'Yanjing'],
      ['百威', 'bw', 'Budweiser'],
      ['哈尔滨', 'heb', 'Harbin'],
    ],
    words: [
      ['经典', 'jd', 'Classic'],
      ['纯生', 'cs', 'Draft'],
      ['精酿白啤', 'jnbp', 'Craft Wheat Beer'],
      ['黑啤', 'hp', 'Dark Beer'],
      ['清爽', 'qs', 'Light'],
    ],
    specs: [
      ['500ml', '', '500ml', 1],
      ['330ml×24', '', '330ml×24', 14],
      ['500ml×12', '', '500ml×12', 10],
      ['1L', '', '1L', 1.8],
    ],
  },
  {
    cat: 'liquor',
    share: 2,
    price: [3000, 60000],
    brands: [
      ['茅台', 'mt', 'Moutai'],
      ['五粮液', 'wly', 'Wuliangye'],
      ['洋河', 'yh', 'Yanghe'],
      ['泸州老窖', 'lzlj', 'Luzhou Laojiao'],
      ['汾酒', 'fj', 'Fenjiu'],
      ['牛栏山', 'nls', 'Niulanshan'],
      ['红星', 'hx', 'Red Star'],
    ],
    words: [
      ['浓香型白酒', 'nxxbj', 'Strong-Aroma Baijiu'],
      ['酱香型白酒', 'jxxbj', 'Sauce-Aroma Baijiu'],
      ['清香型白酒', 'qxxbj', 'Light-Aroma Baijiu'],
      ['二锅头', 'egt', 'Erguotou'],
    ],
    specs: [
      ['52度 500ml', 'd', '52% 500ml', 1],
      ['42度 500ml', 'd', '42% 500ml', 0.85],
      ['53度 500ml', 'd', '53% 500ml', 1.1],
      ['52度 500ml×6', 'd', '52% 500ml×6', 5.6],
      ['100ml', '', '100ml', 0.25],
    ],
  },
  {
    cat: 'liquor',
    share: 1,
    price: [4900, 29900],
    brands: [
      ['张裕', 'zy', 'Changyu'],
      ['长城', 'cc', 'Great Wall'],
      ['王朝', 'wc', 'Dynasty'],
    ],
    words: [
      ['干红葡萄酒', 'ghptj', 'Dry Red Wine'],
      ['干白葡萄酒', 'gbptj', 'Dry White Wine'],
      ['赤霞珠干红', 'cxzgh', 'Cabernet Sauvignon'],
    ],
    specs: [
      ['750ml', '', '750ml', 1],
      ['750ml×6', '', '750ml×6', 5.5],
    ],
  },
  {
    cat: 'household',
    share: 4,
    price: [1500, 3500],
    brands: [
      ['蓝月亮', 'lyl', 'Bluemoon'],
      ['立白', 'lb', 'Liby'],
      ['奥妙', 'am', 'OMO'],
      ['汰渍', 'tz', 'Tide'],
      ['超能', 'cn', 'Chaoneng'],
      ['威猛先生', 'wmxs', 'Mr Muscle'],
    ],
    words: [
      ['洗衣液', 'xyy', 'Laundry Detergent'],
      ['洗衣粉', 'xyf', 'Washing Powder'],
      ['洗洁精', 'xjj', 'Dish Soap'],
      ['柔顺剂', 'rsj', 'Fabric Softener'],
      ['洗衣凝珠', 'xynz', 'Laundry Pods'],
      ['厨房清洁剂', 'cfqjj', 'Kitchen Cleaner'],
    ],
    specs: [
      ['1kg', '', '1kg', 1],
      ['2kg', '', '2kg', 1.8],
      ['3kg', '', '3kg', 2.5],
      ['500g', '', '500g', 0.6],
      ['30颗', 'k', '30 Pods', 1.6],
    ],
  },
  {
    cat: 'household',
    share: 3,
    price: [900, 2500],
    brands: [
      ['维达', 'wd', 'Vinda'],
      ['清风', 'qf', 'Breeze'],
      ['心相印', 'xxy', 'Hearttex'],
      ['洁柔', 'jr', 'C&S'],
    ],
    words: [
      ['抽纸', 'cz', 'Facial Tissue'],
      ['卷纸', 'jz', 'Toilet Roll'],
      ['湿巾', 'sj', 'Wet Wipes'],
      ['手帕纸', 'spz', 'Pocket Tissue'],
    ],
    specs: [
      ['3层120抽×6包', 'ccb', '3-Ply 120 Sheets ×6', 1],
      ['4层×10卷', 'cj', '4-Ply ×10 Rolls', 1.3],
      ['80片', 'p', '80 Wipes', 0.5],
      ['10包', 'b', 'Pack of 10', 0.4],
    ],
  },
  {
    cat: 'personal',
    share: 5,
    price: [900, 3500],
    brands: [
      ['舒肤佳', 'sfj', 'Safeguard'],
      ['海飞丝', 'hfs', 'Head & Shoulders'],
      ['潘婷', 'pt', 'Pantene'],
      ['飘柔', 'pr', 'Rejoice'],
      ['云南白药', 'ynby', 'Yunnan Baiyao'],
      ['佳洁士', 'jjs', 'Crest'],
      ['高露洁', 'glj', 'Colgate'],
      ['黑人', 'hr', 'Darlie'],
      ['六神', 'ls', 'Liushen'],
      ['多芬', 'df', 'Dove'],
    ],
    words: [
      ['沐浴露', 'myl', 'Body Wash'],
      ['香皂', 'xz', 'Soap Bar'],
      ['去屑洗发水', 'qxxfs', 'Anti-Dandruff Shampoo'],
      ['洗发水', 'xfs', 'Shampoo'],
      ['护发素', 'hfs', 'Conditioner'],
      ['牙膏', 'yg', 'Toothpaste'],
      ['牙刷', 'ys', 'Toothbrush'],
      ['花露水', 'hls', 'Floral Water'],
    ],
    specs: [
      ['400ml', '', '400ml', 1],
      ['750ml', '', '750ml', 1.6],
      ['100g×3', '', '100g×3', 0.6],
      ['120g', '', '120g', 0.5],
      ['2支装', 'zz', 'Pack of 2', 0.7],
      ['195ml', '', '195ml', 0.55],
    ],
  },
  {
    cat: 'beauty',
    share: 4,
    price: [5900, 29900],
    brands: [
      ['百雀羚', 'bql', 'Pechoin'],
      ['自然堂', 'zrt', 'Chando'],
      ['珀莱雅', 'ply', 'Proya'],
      ['完美日记', 'wmrj', 'Perfect Diary'],
      ['花西子', 'hxz', 'Florasis'],
      ['欧莱雅', 'oly', "L'Oréal"],
      ['兰蔻', 'lk', 'Lancôme'],
      ['大宝', 'db', 'Dabao'],
    ],
    words: [
      ['补水面膜', 'bsmm', 'Hydrating Sheet Mask'],
      ['保湿乳液', 'bsry', 'Moisturizing Lotion'],
      ['爽肤水', 'sfs', 'Toner'],
      ['精华液', 'jhy', 'Serum'],
      ['洗面奶', 'xmn', 'Facial Cleanser'],
      ['防晒霜', 'fss', 'Sunscreen'],
      ['口红', 'kh', 'Lipstick'],
      ['散粉', 'sf', 'Loose Powder'],
    ],
    specs: [
      ['100ml', '', '100ml', 1],
      ['50ml', '', '50ml', 0.7],
      ['30ml', '', '30ml', 0.9],
      ['5片', 'p', '5 Sheets', 0.5],
      ['3.5g', '', '3.5g', 0.8],
      ['120g', '', '120g', 0.6],
    ],
  },
  {
    cat: 'apparel',
    share: 10,
    price: [5900, 39900],
    brands: [
      ['李宁', 'ln', 'Li-Ning'],
      ['安踏', 'at', 'Anta'],
      ['特步', 'tb', 'Xtep'],
      ['361度', 'd', '361°'],
      ['波司登', 'bsd', 'Bosideng'],
      ['海澜之家', 'hlzj', 'HLA'],
      ['优衣库', 'yyk', 'Uniqlo'],
      ['森马', 'sm', 'Semir'],
      ['太平鸟', 'tpn', 'Peacebird'],
      ['美特斯邦威', 'mtsbw', 'Metersbonwe'],
    ],
    words: [
      ['纯棉短袖', 'cmdx', 'Cotton T-Shirt'],
      ['运动卫衣', 'ydwy', 'Sports Hoodie'],
      ['休闲裤', 'xxk', 'Casual Trousers'],
      ['羽绒服', 'yrf', 'Down Jacket'],
      ['牛仔裤', 'nzk', 'Jeans'],
      ['衬衫', 'cs', 'Shirt'],
      ['运动短裤', 'yddk', 'Sports Shorts'],
      ['针织开衫', 'zzks', 'Knit Cardigan'],
      ['保暖内衣', 'bnny', 'Thermal Underwear'],
      ['棉袜', 'mw', 'Cotton Socks'],
    ],
    specs: sized(['S', 'M', 'L', 'XL', 'XXL'], null),
  },
  {
    cat: 'shoes',
    share: 7,
    price: [9900, 59900],
    brands: [
      ['李宁', 'ln', 'Li-Ning'],
      ['安踏', 'at', 'Anta'],
      ['特步', 'tb', 'Xtep'],
      ['回力', 'hl', 'Warrior'],
      ['鸿星尔克', 'hxek', 'Erke'],
      ['匹克', 'pk', 'Peak'],
      ['百丽', 'bl', 'Belle'],
      ['红蜻蜓', 'hqt', 'Red Dragonfly'],
      ['骆驼', 'lt', 'Camel'],
      ['飞跃', 'fy', 'Feiyue'],
    ],
    words: [
      ['跑步鞋', 'pbx', 'Running Shoes'],
      ['帆布鞋', 'fbx', 'Canvas Shoes'],
      ['篮球鞋', 'lqx', 'Basketball Shoes'],
      ['板鞋', 'bx', 'Skate Shoes'],
      ['休闲皮鞋', 'xxpx', 'Casual Leather Shoes'],
      ['雪地靴', 'xdx', 'Snow Boots'],
      ['马丁靴', 'mdx', 'Martin Boots'],
      ['拖鞋', 'tx', 'Slippers'],
    ],
    specs: sized(['36', '37', '38', '39', '40', '41', '42', '43', '44'], ['码', 'm', '']),
  },
  {
    cat: 'appliance',
    share: 3,
    price: [9900, 49900],
    brands: [
      ['美的', 'md', 'Midea'],
      ['格力', 'gl', 'Gree'],
      ['海尔', 'he', 'Haier'],
      ['苏泊尔', 'sbe', 'Supor'],
      ['九阳', 'jy', 'Joyoung'],
      ['小米', 'xm', 'Xiaomi'],
      ['飞利浦', 'flp', 'Philips'],
      ['松下', 'sx', 'Panasonic'],
      ['小熊', 'xx', 'Bear'],
      ['戴森', 'ds', 'Dyson'],
    ],
    words: [
      ['电饭煲', 'dfb', 'Rice Cooker'],
      ['电热水壶', 'drsh', 'Electric Kettle'],
      ['豆浆机', 'djj', 'Soymilk Maker'],
      ['空气炸锅', 'kqzg', 'Air Fryer'],
      ['电吹风', 'dcf', 'Hair Dryer'],
      ['破壁机', 'pbj', 'High-Speed Blender'],
      ['电磁炉', 'dcl', 'Induction Cooker'],
      ['加湿器', 'jsq', 'Humidifier'],
      ['电动牙刷', 'ddys', 'Electric Toothbrush'],
      ['微波炉', 'wbl', 'Microwave Oven'],
    ],
    specs: [
      ['标准款', 'bzk', 'Standard', 1],
      ['升级款', 'sjk', 'Upgraded', 1.4],
      ['白色', 'bs', 'White', 1],
      ['灰色', 'hs', 'Grey', 1.05],
      ['4L', '', '4L', 1.2],
      ['1.7L', '', '1.7L', 0.8],
    ],
  },
  {
    cat: 'baby',
    share: 2,
    price: [19800, 39800],
    brands: [
      ['飞鹤', 'fh', 'Feihe'],
      ['君乐宝', 'jlb', 'Junlebao'],
      ['爱他美', 'atm', 'Aptamil'],
      ['美赞臣', 'mzc', 'Mead Johnson'],
      ['伊利', 'yl', 'Yili'],
    ],
    words: [
      ['婴儿配方奶粉', 'yepfnf', 'Infant Formula'],
      ['儿童成长奶粉', 'etcznf', 'Growing-Up Milk Powder'],
    ],
    specs: [
      ['1段 800g', 'd', 'Stage 1 800g', 1],
      ['2段 800g', 'd', 'Stage 2 800g', 0.95],
      ['3段 800g', 'd', 'Stage 3 800g', 0.9],
      ['4段 800g', 'd', 'Stage 4 800g', 0.85],
      ['400g', '', '400g', 0.55],
    ],
  },
  {
    cat: 'baby',
    share: 2,
    price: [3900, 14900],
    brands: [
      ['帮宝适', 'bbs', 'Pampers'],
      ['好奇', 'hq', 'Huggies'],
      ['花王', 'hw', 'Merries'],
      ['贝亲', 'bq', 'Pigeon'],
    ],
    words: [
      ['纸尿裤', 'znk', 'Diapers'],
      ['拉拉裤', 'llk', 'Pull-Up Pants'],
      ['婴儿湿巾', 'yesj', 'Baby Wipes'],
      ['奶瓶', 'np', 'Baby Bottle'],
      ['婴儿洗发沐浴露', 'yexfmyl', 'Baby Shampoo & Body Wash'],
    ],
    specs: [
      ['M码 50片', 'mp', 'Size M 50 pcs', 1],
      ['L码 42片', 'mp', 'Size L 42 pcs', 1],
      ['XL码 36片', 'mp', 'Size XL 36 pcs', 1],
      ['80抽×3包', 'cb', '80 Sheets ×3', 0.4],
      ['240ml', '', '240ml', 0.6],
    ],
  },
  // Weighed goods: priced per kg, sold by PLU on scale labels.
  {
    cat: 'fruit',
    weighed: true,
    share: 5,
    price: [600, 4000],
    brands: ORIGINS,
    words: [
      ['富士苹果', 'fspg', 'Fuji Apples'],
      ['冰糖心苹果', 'btxpg', 'Rock-Sugar Apples'],
      ['脐橙', 'qc', 'Navel Oranges'],
      ['香蕉', 'xj', 'Bananas'],
      ['红心火龙果', 'hxhlg', 'Red Dragon Fruit'],
      ['哈密瓜', 'hmg', 'Hami Melon'],
      ['草莓', 'cm', 'Strawberries'],
      ['砂糖橘', 'stj', 'Shatang Mandarins'],
      ['葡萄', 'pt', 'Grapes'],
      ['皇冠梨', 'hgl', 'Crown Pears'],
      ['猕猴桃', 'mht', 'Kiwifruit'],
      ['西瓜', 'xg', 'Watermelon'],
    ],
    specs: GRADES,
  },
  {
    cat: 'veg',
    weighed: true,
    share: 4,
    price: [200, 1200],
    brands: ORIGINS.filter(([zh]) => zh !== '进口'),
    words: [
      ['西红柿', 'xhs', 'Tomatoes'],
      ['黄瓜', 'hg', 'Cucumbers'],
      ['土豆', 'td', 'Potatoes'],
      ['胡萝卜', 'hlb', 'Carrots'],
      ['大白菜', 'dbc', 'Napa Cabbage'],
      ['西兰花', 'xlh', 'Broccoli'],
      ['青椒', 'qj', 'Green Peppers'],
      ['茄子', 'qz', 'Eggplant'],
      ['洋葱', 'yc', 'Onions'],
      ['生姜', 'sj', 'Ginger'],
      ['大蒜', 'ds', 'Garlic'],
      ['菠菜', 'bc', 'Spinach'],
    ],
    specs: GRADES,
  },
  {
    cat: 'meat',
    weighed: true,
    share: 3,
    price: [1600, 12000],
    brands: [
      ['精选', 'jx', 'Selected'],
      ['冷鲜', 'lx', 'Chilled'],
      ['黑猪', 'hz', 'Black Pork'],
      ['散养', 'sy', 'Free-Range'],
      ['新鲜', 'xx', 'Fresh'],
    ],
    words: [
      ['猪五花肉', 'zwhr', 'Pork Belly'],
      ['猪里脊', 'zlj', 'Pork Tenderloin'],
      ['猪排骨', 'zpg', 'Pork Ribs'],
      ['牛腩', 'nn', 'Beef Brisket'],
      ['牛腱子', 'njz', 'Beef Shank'],
      ['羊肉卷', 'yrj', 'Lamb Rolls'],
      ['鸡胸肉', 'jxr', 'Chicken Breast'],
      ['鸡翅中', 'jcz', 'Chicken Mid-Wings'],
      ['三黄鸡', 'shj', 'Sanhuang Chicken'],
      ['土鸡蛋', 'tjd', 'Free-Range Eggs'],
    ],
    specs: GRADES.slice(0, 3),
  },
];

/** The vocabularies, for tests and for the search index's own checks. */
export const CATALOG_VOCABULARY = { categories: CATEGORY_WORDS, kinds: KINDS, colors: COLORS };

// Category ids are the same for every seed: categories are fixed, only products vary.
const ID_EPOCH_MS = Date.UTC(2025, 0, 1);

/** Deterministic 32-bit mix of two integers (splitmix-style), so id bits of product i depend only on (seed, i). */
function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function stableId(ms: number, a: number, b: number): string {
  const next = mulberry32(mix(a, b));
  const bytes = new Uint8Array(12);
  for (let i = 0; i < 12; i += 4) {
    const v = Math.floor(next() * 4294967296);
    bytes[i] = v >>> 24;
    bytes[i + 1] = (v >>> 16) & 0xff;
    bytes[i + 2] = (v >>> 8) & 0xff;
    bytes[i + 3] = v & 0xff;
  }
  return uuidv7(ms, bytes);
}

const CATEGORIES: Category[] = CATEGORY_WORDS.map(([, name, nameEn], i) => ({
  id: stableId(ID_EPOCH_MS - 100_000 + i, 0x5eed, i),
  name,
  nameEn,
}));
const CATEGORY_ID = new Map<CategoryKey, string>(CATEGORY_WORDS.map(([key], i) => [key, CATEGORIES[i]!.id]));

// Every brand gets GS1 company prefixes '69' + 5 digits, one per block of 100,000 item numbers.
const BRAND_INDEX = new Map<string, number>();
for (const k of KINDS) {
  if (k.weighed) continue;
  for (const [zh] of k.brands) if (!BRAND_INDEX.has(zh)) BRAND_INDEX.set(zh, BRAND_INDEX.size);
}
const BRAND_COUNT = BRAND_INDEX.size;

// Affine maps with multipliers coprime to 10 are bijections on [0, 10^n): unique numbers that do not look sequential.
const permute5 = (n: number): number => (n * 7919 + 30011) % 100_000;
const permute10 = (n: number): number => (n * 7_777_777_777 + 1_234_567_891) % 10_000_000_000;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const MAX_COUNT = 5_000_000;
const FIRST_PLU = 10001;
const LAST_PLU = 99999;

function pickWeighted<T extends { share: number }>(items: readonly T[], r: number): T {
  const total = items.reduce((s, k) => s + k.share, 0);
  let x = r * total;
  for (const item of items) {
    x -= item.share;
    if (x < 0) return item;
  }
  return items[items.length - 1]!;
}

/** A shelf price: cheap goods end in .50/.80/.90, dearer ones in 9 or 8 yuan, as Chinese stores price them. */
function shelfPrice(fen: number, r: number): Fen {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r * xs.length)]!;
  if (fen < 1000) return Math.max(50, Math.floor(fen / 100) * 100 + pick([0, 50, 80, 90]));
  if (fen < 10000) return Math.floor(fen / 100) * 100 + pick([0, 50, 80, 90]);
  if (fen < 100000) return Math.floor(fen / 1000) * 1000 + pick([900, 800, 500, 0]);
  return Math.floor(fen / 10000) * 10000 + pick([9900, 8800, 0, 4900]);
}

/**
 * Generates `count` products with the given seed. Product i is the same for any count > i.
 * About 5% are weighed goods (unit 'kg', price per kg, a unique 5-digit PLU as barcode and plu) while
 * PLUs last; the rest have unique EAN-13 barcodes with 690-699 prefixes, some with an EAN-8 or UPC-A alt barcode.
 */
export function generateCatalog(opts: { count: number; seed: number }): {
  categories: Category[];
  products: Product[];
} {
  const { count, seed } = opts;
  if (!Number.isInteger(count) || count < 0 || count > MAX_COUNT)
    throw new RangeError(`count must be 0..${MAX_COUNT}`);
  const rnd = mulberry32(seed);
  const packaged = KINDS.filter((k) => !k.weighed);
  const weighed = KINDS.filter((k) => k.weighed);
  const itemsPerBrand = new Array<number>(BRAND_COUNT).fill(0);
  let ean8Count = 0;
  let upcaCount = 0;
  let nextPlu = FIRST_PLU;
  const products: Product[] = new Array<Product>(count);
  const at = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  for (let i = 0; i < count; i++) {
    const isWeighed = rnd() < 0.05 && nextPlu <= LAST_PLU;
    const kind = pickWeighted(isWeighed ? weighed : packaged, rnd());
    const brand = at(kind.brands);
    const word = at(kind.words);
    const spec = at(kind.specs);
    const base = kind.price[0] + Math.floor(rnd() * (kind.price[1] - kind.price[0]));
    const priceFen = shelfPrice(Math.round(base * spec[3]), rnd());
    const altRoll = rnd();
    const activeRoll = rnd();

    const stem = brand[0] + word[0];
    const name = spec[0] ? `${stem} ${spec[0]}` : stem;
    const nameEn = [brand[2], word[2], spec[2]].filter(Boolean).join(' ');
    const pinyin = brand[1] + word[1] + spec[1];

    let barcode: string;
    const altBarcodes: string[] = [];
    let plu: string | undefined;
    if (isWeighed) {
      plu = String(nextPlu++);
      barcode = plu;
    } else {
      const b = BRAND_INDEX.get(brand[0])!;
      const n = itemsPerBrand[b]!;
      itemsPerBrand[b] = n + 1;
      const block = Math.floor(n / 100_000);
      const company = permute5(block * BRAND_COUNT + b);
      barcode = withGtinCheckDigit('69' + pad(company, 5) + pad(permute5((n + b * 12_347) % 100_000), 5));
      if (altRoll < 0.02 && ean8Count < 100_000)
        altBarcodes.push(withGtinCheckDigit('69' + pad(permute5(ean8Count++), 5)));
      else if (altRoll < 0.03) altBarcodes.push(withGtinCheckDigit('0' + pad(permute10(upcaCount++), 10)));
    }

    const product: Product = {
      id: stableId(ID_EPOCH_MS + i, seed, i),
      barcode,
      altBarcodes,
      name,
      nameEn,
      pinyin,
      categoryId: CATEGORY_ID.get(kind.cat)!,
      priceFen,
      unit: isWeighed ? 'kg' : 'piece',
      version: 1,
      // A few discontinued items, never among the first ones that demos and tests pick.
      active: i < 1000 || activeRoll >= 0.01,
    };
    if (plu !== undefined) product.plu = plu;
    products[i] = product;
  }
  return { categories: CATEGORIES.map((c) => ({ ...c })), products };
}
