import type { PestelFactorName, PorterForceName } from '../../reports/model/frameworks.js';

/**
 * Word lists of the extractive analyst. Terms are matched on stems at word boundaries (see
 * matcher.ts), so one inflection per word is enough; phrases weigh more than single words.
 * Words whose stem collides with something common ("leading" vs "lead time") are listed only
 * inside phrases.
 */

// Porter ------------------------------------------------------------------------------------------
export const PORTER_FORCE_TERMS: Record<PorterForceName, readonly string[]> = {
  competitive_rivalry: [
    'competitor', 'competition', 'compete', 'competitive', 'rival', 'rivalry', 'price war', 'market share',
    'consolidation', 'incumbent', 'head-to-head', 'undercut', 'cut prices', 'cutting prices', 'price cuts', 'overcapacity',
    'crowded market', 'share gains', 'lose share', 'losing share', 'competitive intensity', 'competing vendors',
  ],
  threat_of_new_entrants: [
    'barrier', 'barriers to entry', 'entry barrier', 'new entrant', 'entrant', 'start-up', 'startup',
    'capital requirements', 'capital intensive', 'economies of scale', 'scale economies', 'patent',
    'intellectual property', 'licensing', 'licence', 'license', 'regulatory approval', 'brand loyalty',
    'venture capital', 'venture-backed', 'well-funded', 'funding round', 'newcomer', 'enter the market',
    'entering the market', 'market entry', 'distribution access',
  ],
  supplier_power: [
    'supplier', 'supply', 'component', 'vendor', 'sole source', 'single source', 'sole supplier',
    'lead time', 'input cost', 'raw material', 'chip', 'semiconductor', 'contract manufacturer', 'foundry',
    'supply chain', 'upstream', 'commodity inputs', 'purchasing costs', 'sourcing', 'bill of materials',
  ],
  buyer_power: [
    'customer', 'buyer', 'procurement', 'switching cost', 'price sensitivity', 'price sensitive', 'churn',
    'customer concentration', 'largest customer', 'key accounts', 'distributor', 'retailer', 'dealer',
    'bargaining power', 'negotiate', 'negotiation', 'volume discounts', 'tender', 'purchasing power',
    'cooperative', 'purchasing decisions', 'renewal',
  ],
  threat_of_substitutes: [
    'substitute', 'substitution', 'alternative', 'replace', 'replacement', 'workaround', 'manual labour',
    'manual labor', 'in-house', 'do it yourself', 'diy', 'other technologies', 'switch to', 'free tools',
    'spreadsheets', 'legacy methods', 'traditional methods', 'instead of',
  ],
};

/** Direction-neutral words that say a force is strong or weak, whichever force it is. */
export const INTENSITY_HIGH_TERMS = [
  'intense', 'intensifying', 'intensified', 'fierce', 'aggressive', 'significant', 'severe', 'strong',
  'heavy', 'surge', 'rising', 'rose', 'increase', 'increasing', 'rapid', 'pressure', 'squeeze', 'dominant',
  'dominate', 'powerful', 'concentrated', 'dependent', 'dependence', 'reliant', 'sole', 'scarce', 'shortage',
  'tight', 'high', 'higher', 'longer', 'lengthened', 'extended', 'doubled', 'crowded', 'commoditised',
  'commoditized',
] as const;
export const INTENSITY_LOW_TERMS = [
  'limited', 'low', 'weak', 'minimal', 'modest', 'negligible', 'stable', 'easing', 'eased', 'declining',
  'declined', 'fell', 'decrease', 'unlikely', 'abundant', 'plentiful', 'little', 'shorter', 'shortened',
  'difficult', 'rare',
] as const;

/**
 * Phrases whose direction is specific to one force. "Fragmented" means fierce rivalry but weak
 * suppliers; "few suppliers" strengthens suppliers while "few competitors" calms rivalry.
 */
export const FORCE_HIGH_TERMS: Record<PorterForceName, readonly string[]> = {
  competitive_rivalry: ['price war', 'undercut', 'cut prices', 'cutting prices', 'price cuts', 'overcapacity', 'fragmented', 'many competitors', 'lose share', 'losing share', 'commoditised', 'me-too'],
  threat_of_new_entrants: ['low barriers', 'low barrier', 'easy to enter', 'well-funded', 'venture-backed', 'new entrants', 'start-ups', 'startups', 'flooding', 'entered the market'],
  supplier_power: ['sole source', 'single source', 'sole supplier', 'single supplier', 'few suppliers', 'limited number of suppliers', 'only two vendors', 'only two suppliers', 'only one supplier', 'few vendors', 'limits our bargaining power', 'price increases', 'raised prices', 'allocation', 'dependent on', 'depends on', 'relies on'],
  buyer_power: ['price sensitive', 'price-sensitive', 'price sensitivity', 'customer concentration', 'largest customers', 'top customers', 'bargaining power', 'demand discounts', 'volume discounts', 'purchasing power', 'easy to switch', 'low switching costs'],
  threat_of_substitutes: ['cheaper alternative', 'free alternative', 'free tools', 'good enough', 'readily available', 'easy to switch', 'many alternatives'],
};
export const FORCE_LOW_TERMS: Record<PorterForceName, readonly string[]> = {
  competitive_rivalry: ['few competitors', 'duopoly', 'limited competition', 'niche', 'differentiated', 'rational pricing'],
  threat_of_new_entrants: ['high barriers', 'capital intensive', 'economies of scale', 'patent portfolio', 'granted patents', 'patents', 'proprietary', 'regulatory approval', 'certification', 'brand loyalty', 'difficult to replicate', 'years to build'],
  supplier_power: ['multiple suppliers', 'second source', 'dual source', 'dual-sourced', 'many suppliers', 'interchangeable', 'commodity components', 'in-house'],
  buyer_power: ['high switching costs', 'locked in', 'lock-in', 'long-term contracts', 'multi-year contracts', 'fragmented customer base', 'sticky', 'high retention'],
  threat_of_substitutes: ['no substitute', 'no alternative', 'few alternatives', 'no viable alternative', 'high switching costs', 'hard to replace'],
};

/**
 * Terms that turn generic modifiers around: "high barriers" mean a low threat of entry, and
 * "high switching costs" mean weak buyers and fewer substitutions.
 */
export const FORCE_INVERTING_TERMS: Record<PorterForceName, readonly string[]> = {
  competitive_rivalry: [],
  threat_of_new_entrants: ['barrier', 'capital requirements', 'economies of scale', 'patent', 'licensing', 'certification', 'regulatory approval', 'brand loyalty', 'switching cost'],
  supplier_power: [],
  buyer_power: ['switching cost', 'lock-in', 'loyalty', 'retention'],
  threat_of_substitutes: ['switching cost'],
};

/** Percentages near these cues measure concentration, which strengthens suppliers and buyers. */
export const CONCENTRATION_CUES = ['account for', 'accounted for', 'share', 'of revenue', 'of sales', 'of purchases', 'of supply', 'control', 'controls'] as const;

// Sentiment ---------------------------------------------------------------------------------------
export const POSITIVE_TERMS = [
  'growth', 'gain', 'strong', 'stronger', 'strongest', 'market leader', 'leader', 'leadership', 'market-leading',
  'industry-leading', 'record', 'improve', 'improvement', 'advantage', 'award', 'expansion', 'profitable',
  'profitability', 'efficient', 'efficiency', 'loyal', 'loyalty', 'patented', 'proprietary', 'innovative',
  'innovation', 'win', 'won', 'success', 'successful', 'robust', 'resilient', 'outperform', 'ahead of',
  'best-in-class', 'superior', 'accelerate', 'benefit', 'favourable', 'favorable', 'subsidy', 'incentive',
  'grant', 'partnership', 'secured', 'approval', 'approved', 'recovery', 'premium', 'reliable', 'tailwind',
  'opportunity', 'attractive', 'differentiated', 'recurring revenue', 'high margin', 'cash positive',
  'eliminates the need', 'savings', 'not affected', 'not been affected', 'unaffected', 'no material impact',
  'strengthened', 'high switching costs', 'switching costs rise', 'switching as costly', 'costly to switch', 'locked in',
  'first positive', 'profitable company', 'won', 'favorable for', 'differentiator', 'selling point', 'exempt',
  'cost-share', 'fastest-growing', 'highly regarded', 'rate highly', 'rates highly', 'positive operating', 'helped',
] as const;
export const NEGATIVE_TERMS = [
  'loss', 'weak', 'weaker', 'weakness', 'risk', 'threat', 'threaten', 'lawsuit', 'litigation', 'shortage',
  'delay', 'pressure', 'downturn', 'lag', 'lagging', 'behind', 'costly', 'dependent', 'dependence',
  'vulnerable', 'vulnerability', 'penalty', 'recall', 'problem', 'failure', 'failed', 'slowdown',
  'uncertain', 'uncertainty', 'volatile', 'volatility', 'tariff', 'ban', 'restriction', 'sanction',
  'drought', 'inflation', 'recession', 'deficit', 'shortfall', 'impairment', 'breach', 'outage',
  'complaint', 'criticism', 'layoff', 'attrition', 'adverse', 'headwind', 'erode', 'erosion', 'squeeze',
  'struggle', 'missed', 'overrun', 'scarcity', 'bottleneck', 'disruption', 'cash burn', 'negative',
  'unprofitable', 'expensive', 'price war', 'undercut', 'liability', 'flood', 'wildfire', 'infringe',
  'infringement', 'write-down', 'write-off', 'obsolete', 'impair', 'adversely', 'suit', 'sued', 'alleging',
  'alleged', 'terminated', 'termination', 'cancelled', 'canceled', 'lost', 'expired', 'revoked', 'withdrawn',
  'scrapped', 'halted', 'too expensive', 'learning curve', 'unusable', 'cautious', 'weighed on', 'tied up',
  'single point of failure', 'single points of failure', 'exposed to', 'exposure', 'trailing', 'slower',
  'less predictable', 'unpredictable', 'escalation', 'pricing power over us', 'prepayment', 'price-driven',
  'complaints', 'weakens', 'narrowed', 'unclear', 'low switching costs', 'switching costs are low', 'no lock-in',
] as const;
/**
 * Events that undo a support: "a grant program … was terminated, ending funding". A positive
 * term from REVERSIBLE_TERMS near one of these (or near a falling movement) counts as negative.
 */
export const REVERSAL_TERMS = ['terminated', 'termination', 'ended', 'ending', 'cancelled', 'canceled', 'cancellation', 'withdrawn', 'withdrew', 'revoked', 'expired', 'expiring', 'scrapped', 'halted', 'suspended', 'lost', 'loss of', 'rescinded', 'blocked', 'rejected', 'denied', 'discontinued', 'lapsed', 'phased out'] as const;
export const REVERSIBLE_TERMS = ['grant', 'subsidy', 'incentive', 'funding', 'support', 'tax credit', 'partnership', 'approval', 'approved', 'contract', 'program', 'exemption', 'exempt', 'benefit', 'premium', 'demand', 'growth', 'revenue', 'orders', 'cost-share', 'award'] as const;
export const NEGATION_TERMS = ['not', 'no', 'never', 'without', 'lack', 'lacks', 'none', 'neither', 'nor', 'hardly', 'unable', 'fails to'] as const;

/** Movement words; whether moving up is good depends on what moves (see sentiment.ts). */
export const DIRECTION_UP_TERMS = ['intensify', 'intensifying', 'intensified', 'increase', 'rise', 'rose', 'risen', 'grow', 'grew', 'grown', 'up', 'higher', 'jump', 'surge', 'climb', 'double', 'doubled', 'expand', 'accelerate', 'soar'] as const;
export const DIRECTION_DOWN_TERMS = ['decrease', 'decline', 'fall', 'fell', 'fallen', 'drop', 'lower', 'down', 'shrink', 'shrank', 'cut', 'reduce', 'halve', 'halved', 'contract', 'slow', 'slowed', 'slump', 'plunge'] as const;
export const GOOD_WHEN_UP_TERMS = ['revenue', 'sales', 'margin', 'profit', 'demand', 'market share', 'adoption', 'retention', 'earnings', 'bookings', 'backlog', 'users', 'subscribers', 'cash', 'orders', 'yield', 'productivity', 'income', 'customers', 'acreage', 'growth', 'funding', 'grant', 'subsidy', 'incentive', 'spending', 'farm income', 'export prospects'] as const;
export const BAD_WHEN_UP_TERMS = ['price sensitivity', 'cost', 'expense', 'churn', 'debt', 'loss', 'inflation', 'tariff', 'lead time', 'competition', 'attrition', 'turnover', 'interest rate', 'emissions', 'price of', 'input cost', 'wage', 'defect', 'complaint', 'backlog of claims'] as const;

// SWOT --------------------------------------------------------------------------------------------
export const COMPANY_PRONOUN_TERMS = ['we', 'our', 'the company', 'the firm', 'the group', 'management'] as const;
export const INTERNAL_TERMS = [
  'brand', 'team', 'product', 'platform', 'portfolio', 'margin', 'gross margin', 'revenue', 'sales', 'profit',
  'cost structure', 'balance sheet', 'cash', 'debt', 'patent', 'manufacturing', 'operations', 'workforce',
  'employees', 'engineers', 'r&d', 'installed base', 'retention', 'backlog', 'pipeline', 'capacity',
  'reputation', 'execution', 'headcount', 'subscription', 'recurring revenue', 'fleet',
] as const;
export const EXTERNAL_TERMS = [
  'market', 'industry', 'sector', 'demand', 'regulation', 'regulator', 'government', 'policy', 'competitor',
  'rival', 'competition', 'economy', 'economic', 'inflation', 'interest rate', 'tariff', 'trend', 'adoption',
  'consumers', 'new entrant', 'entrant', 'supply chain', 'shortage', 'climate', 'weather', 'drought',
  'subsidy', 'legislation', 'law', 'geopolitical', 'currency', 'exchange rate', 'recession', 'macro',
  'global', 'worldwide', 'emerging markets', 'substitute', 'labour market', 'labor market', 'nationwide',
] as const;
export const STRENGTH_TERMS = [
  'patented', 'proprietary', 'patent portfolio', 'patents', 'market leader', 'loyal', 'high retention',
  'award', 'strong brand', 'recurring revenue', 'high margin', 'profitable', 'installed base', 'record',
  'accuracy', 'efficient', 'best-in-class', 'differentiated', 'cash positive', 'net retention',
  'net revenue retention', 'gross revenue retention', 'high switching costs', 'switching as costly', 'differentiator', 'selling point',
  'first positive', 'operating income', 'free cash flow', 'gross margin rose',
] as const;
export const WEAKNESS_TERMS = [
  'loss', 'dependent', 'dependence', 'reliance', 'relies on', 'lag', 'behind', 'delay', 'debt', 'shortfall',
  'turnover', 'attrition', 'recall', 'single product', 'outage', 'complaint', 'cash burn', 'high costs',
  'costly', 'inefficient', 'manual processes', 'understaffed', 'small sales team', 'limited', 'concentration',
  'one supplier', 'single supplier', 'sole supplier', 'sole source', 'single source', 'single-sourced',
  'one contract manufacturer', 'single point of failure', 'single points of failure', 'too expensive',
  'learning curve', 'trailing', 'no lock-in', 'passed only part', 'tied up working capital',
] as const;
export const OPPORTUNITY_TERMS = [
  'growth', 'growing', 'demand', 'expansion', 'expand', 'emerging', 'untapped', 'adoption', 'new market',
  'partnership', 'subsidy', 'incentive', 'tailwind', 'opportunity', 'underpenetrated', 'whitespace', 'cagr',
  'forecast to grow', 'expected to grow', 'projected to grow', 'rising demand', 'grant', 'tax credit',
  'new source of demand', 'room to grow', 'fastest-growing', 'unmet needs', 'no competitor offers', 'premiums',
  'cost-share', 'would let',
] as const;
export const THREAT_TERMS = [
  'competition', 'competitor', 'rival', 'price war', 'regulation', 'regulatory', 'new entrant', 'substitute',
  'shortage', 'supply risk', 'tariff', 'recession', 'downturn', 'inflation', 'litigation', 'lawsuit', 'ban',
  'restriction', 'cyber', 'breach', 'headwind', 'volatility', 'drought', 'consolidation', 'undercut', 'cut prices',
  'suit', 'sued', 'infringe', 'escalation', 'bans', 'restrictions',
] as const;
/** Forces beyond the company's control: a sentence about them is external even if it names the company. */
export const MACRO_TERMS = [
  'tariff', 'trade policy', 'trade disputes', 'regulation', 'regulatory', 'government', 'federal', 'policy', 'law',
  'legislation', 'interest rate', 'inflation', 'recession', 'economy', 'drought', 'weather', 'climate',
  'crop prices', 'commodity prices', 'farm income', 'farm incomes', 'exchange rate', 'currency', 'sanction',
  'geopolitical', 'ban', 'restriction', 'escalation', 'subsidy', 'grant program', 'court', 'lawsuit', 'suit',
  'commission', 'authority', 'agency', 'ministry', 'regulator', 'regulators', 'lawmakers', 'parliament', 'congress',
] as const;
/** Court cases: a suit against the company is a legal threat whatever else the sentence says. */
export const LITIGATION_TERMS = ['lawsuit', 'suit', 'sued', 'litigation', 'infringe', 'infringement', 'alleging', 'alleges', 'alleged', 'court', 'trial', 'class action', 'complaint filed'] as const;
/** A rival's weak spots, which are the company's openings. */
export const COMPETITOR_WEAKNESS_TERMS = [
  'weakness', 'weak at', 'limits', 'limited', 'exposed', 'unusable', 'cannot', 'little presence', 'no presence',
  'does not integrate', 'does not measure', 'down from', 'lost share', 'losing share', 'struggle', 'struggles',
  'face tariffs', 'restrictions', 'bans', 'bar', 'lags', 'lacks', 'no drone', 'has no',
] as const;
/** A rival's moves and advantages, which are the company's threats. */
export const COMPETITOR_STRENGTH_TERMS = [
  'raised', 'series c', 'series b', 'partnership', 'launch', 'launches', 'dominant', 'leader', 'largest',
  'free', 'cheaper', 'undercut', 'cut prices', 'gain share', 'volume leader', 'threat', 'building its own',
  'standardize', 'bundle', 'highly regarded', 'competes', 'twice',
] as const;

// PESTEL ------------------------------------------------------------------------------------------
export const PESTEL_TERMS: Record<PestelFactorName, readonly string[]> = {
  political: [
    'government', 'tariff', 'subsidy', 'election', 'trade policy', 'trade war', 'sanction', 'geopolitical',
    'political', 'ministry', 'farm bill', 'export controls', 'import duties', 'public funding', 'state aid',
    'policymakers', 'lawmakers', 'parliament', 'congress', 'federal', 'grant program',
  ],
  economic: [
    'inflation', 'interest rate', 'gdp', 'currency', 'exchange rate', 'commodity price', 'recession',
    'economic', 'economy', 'consumer spending', 'capital spending', 'financing costs', 'credit', 'crop prices',
    'farm income', 'wages', 'unemployment', 'downturn', 'purchasing power', 'budgets',
  ],
  social: [
    'demographic', 'labour', 'labor', 'labour shortage', 'workforce', 'ageing', 'aging', 'consumer preference',
    'skills', 'skills gap', 'health', 'food safety', 'organic', 'lifestyle', 'urbanisation', 'urbanization',
    'rural', 'education', 'public opinion', 'attitudes', 'trust', 'community', 'generational', 'millennials',
  ],
  technological: [
    'ai', 'artificial intelligence', 'machine learning', 'automation', 'automated', 'robotics',
    'sensor', 'software', 'r&d', 'research and development', 'patent', 'cloud', 'analytics',
    'computer vision', 'drone', 'satellite', 'iot', 'connectivity', '5g', 'digital', 'algorithm',
  ],
  environmental: [
    'climate', 'climate change', 'emissions', 'carbon', 'drought', 'sustainability', 'sustainable', 'pesticide',
    'water', 'biodiversity', 'soil', 'weather', 'extreme weather', 'heatwave', 'flood', 'wildfire', 'renewable',
    'energy use', 'waste', 'fertiliser', 'fertilizer', 'runoff', 'environmental',
  ],
  legal: [
    'regulation', 'regulatory', 'compliance', 'licence', 'license', 'licensing', 'privacy', 'data protection',
    'gdpr', 'liability', 'litigation', 'lawsuit', 'certification', 'certified', 'patent infringement',
    'antitrust', 'legislation', 'court', 'ruling', 'permit', 'standards', 'intellectual property', 'law',
  ],
};
/** Domain words that tilt a PESTEL factor's impact beyond plain sentiment. */
export const PESTEL_POSITIVE_HINTS = ['subsidy', 'incentive', 'grant', 'tax credit', 'funding', 'support', 'demand', 'relief', 'exemption'] as const;
export const PESTEL_NEGATIVE_HINTS = ['tariff', 'sanction', 'ban', 'penalty', 'drought', 'litigation', 'lawsuit', 'shortage', 'inflation', 'recession', 'restriction', 'liability', 'stricter', 'tighter', 'compliance costs', 'higher costs'] as const;

// Actions -----------------------------------------------------------------------------------------
/** Verbs that make a recommendation or next step something someone can start on Monday. */
export const ACTION_VERBS = [
  'assign', 'collect', 'obtain', 'benchmark', 'validate', 'interview', 'quantify', 'pilot', 'counter', 'fix',
  'expand', 'mitigate', 'prepare', 'qualify', 'raise', 'lock', 'differentiate', 'renegotiate', 'negotiate',
  'launch', 'build', 'reduce', 'eliminate', 'create', 'invest', 'hire', 'partner', 'test', 'measure', 'monitor',
  'secure', 'diversify', 'review', 'prioritise', 'prioritize', 'develop', 'introduce', 'accelerate', 'defend',
  'publish', 'price', 'bundle', 'research', 'map', 'model', 'audit', 'track', 'run', 'set', 'use', 'leverage',
  'cut', 'close', 'sign', 'target', 'enter', 'exit', 'divest', 'acquire', 'automate', 'standardise',
  'standardize', 'renew', 'train', 'document', 'survey', 'estimate', 'compare', 'confirm', 'gather', 'schedule',
  'shift', 'contain', 'help', 'protect', 'widen', 'issue', 'list', 'brief', 'size', 'pick', 'move', 'fund',
  'answer', 'win', 'hedge', 'reprice', 'offer', 'keep',
] as const;
