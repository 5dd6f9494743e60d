/**
 * Which XBRL concepts stand for each line item, most specific first. Filers pick different
 * concepts for the same line (revenue moved from SalesRevenueNet to
 * RevenueFromContractWithCustomer… with ASC 606), so every fiscal year takes the first concept
 * in the list that has a value for that year. IFRS filers (20-F) are covered by the
 * `ifrs-full` entries.
 */
export interface LineItem {
  /** Lower-case, used in formulas and gap messages. */
  label: string;
  concepts: readonly string[];
}

export const LINE_ITEMS = {
  revenue: {
    label: 'revenue',
    concepts: [
      'us-gaap:Revenues',
      'us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax',
      'us-gaap:RevenueFromContractWithCustomerIncludingAssessedTax',
      'us-gaap:SalesRevenueNet',
      'us-gaap:SalesRevenueGoodsNet',
      'us-gaap:SalesRevenueServicesNet',
      'us-gaap:RevenuesNetOfInterestExpense',
      'ifrs-full:Revenue',
    ],
  },
  costOfRevenue: {
    label: 'cost of revenue',
    concepts: [
      'us-gaap:CostOfRevenue',
      'us-gaap:CostOfGoodsAndServicesSold',
      'us-gaap:CostOfGoodsSold',
      'ifrs-full:CostOfSales',
    ],
  },
  grossProfit: {
    label: 'gross profit',
    concepts: ['us-gaap:GrossProfit', 'ifrs-full:GrossProfit'],
  },
  operatingIncome: {
    label: 'operating income',
    concepts: ['us-gaap:OperatingIncomeLoss', 'ifrs-full:ProfitLossFromOperatingActivities'],
  },
  netIncome: {
    label: 'net income',
    concepts: [
      'us-gaap:NetIncomeLoss',
      'us-gaap:ProfitLoss',
      'us-gaap:NetIncomeLossAvailableToCommonStockholdersBasic',
      'ifrs-full:ProfitLossAttributableToOwnersOfParent',
      'ifrs-full:ProfitLoss',
    ],
  },
  operatingCashFlow: {
    label: 'operating cash flow',
    concepts: [
      'us-gaap:NetCashProvidedByUsedInOperatingActivities',
      'us-gaap:NetCashProvidedByUsedInOperatingActivitiesContinuingOperations',
      'ifrs-full:CashFlowsFromUsedInOperatingActivities',
    ],
  },
  capitalExpenditure: {
    label: 'capital expenditure',
    concepts: [
      'us-gaap:PaymentsToAcquirePropertyPlantAndEquipment',
      'us-gaap:PaymentsToAcquireProductiveAssets',
      'us-gaap:PaymentsForCapitalImprovements',
      'ifrs-full:PurchaseOfPropertyPlantAndEquipmentClassifiedAsInvestingActivities',
      'ifrs-full:PurchaseOfPropertyPlantAndEquipment',
    ],
  },
  equity: {
    label: "stockholders' equity",
    concepts: [
      'us-gaap:StockholdersEquity',
      'us-gaap:StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest',
      'ifrs-full:EquityAttributableToOwnersOfParent',
      'ifrs-full:Equity',
    ],
  },
  currentAssets: {
    label: 'current assets',
    concepts: ['us-gaap:AssetsCurrent', 'ifrs-full:CurrentAssets'],
  },
  currentLiabilities: {
    label: 'current liabilities',
    concepts: ['us-gaap:LiabilitiesCurrent', 'ifrs-full:CurrentLiabilities'],
  },
  cash: {
    label: 'cash and cash equivalents',
    concepts: [
      'us-gaap:CashAndCashEquivalentsAtCarryingValue',
      'us-gaap:CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents',
      'us-gaap:Cash',
      'ifrs-full:CashAndCashEquivalents',
    ],
  },
  researchAndDevelopment: {
    label: 'research and development expense',
    concepts: [
      'us-gaap:ResearchAndDevelopmentExpense',
      'us-gaap:ResearchAndDevelopmentExpenseExcludingAcquiredInProcessCost',
      'us-gaap:ResearchAndDevelopmentExpenseSoftwareExcludingAcquiredInProcessCost',
      'ifrs-full:ResearchAndDevelopmentExpense',
    ],
  },
} as const satisfies Record<string, LineItem>;

export type LineItemKey = keyof typeof LINE_ITEMS;

/** One addend of a debt total: the first concept of `anyOf` that has a value. */
export interface DebtTerm {
  anyOf: readonly string[];
  /** A composition applies only when all its required terms have a value. */
  required: boolean;
}

/**
 * Ways filers report total debt, tried in order; the first whose required parts are all
 * present for the year wins. Each is built so no amount is counted twice: LongTermDebt already
 * includes current maturities, DebtCurrent already includes short-term borrowings, and
 * commercial paper is usually inside ShortTermBorrowings, hence "one of" them. Operating lease
 * liabilities are not debt here.
 */
export const DEBT_COMPOSITIONS: readonly (readonly DebtTerm[])[] = [
  [
    { anyOf: ['us-gaap:LongTermDebt'], required: true },
    { anyOf: ['us-gaap:ShortTermBorrowings', 'us-gaap:CommercialPaper'], required: false },
  ],
  [
    { anyOf: ['us-gaap:LongTermDebtNoncurrent'], required: true },
    { anyOf: ['us-gaap:DebtCurrent'], required: true },
  ],
  [
    { anyOf: ['us-gaap:LongTermDebtNoncurrent'], required: true },
    { anyOf: ['us-gaap:LongTermDebtCurrent'], required: false },
    { anyOf: ['us-gaap:ShortTermBorrowings', 'us-gaap:CommercialPaper'], required: false },
  ],
  [
    { anyOf: ['us-gaap:LongTermDebtAndCapitalLeaseObligations'], required: true },
    { anyOf: ['us-gaap:LongTermDebtAndCapitalLeaseObligationsCurrent'], required: false },
    { anyOf: ['us-gaap:ShortTermBorrowings', 'us-gaap:CommercialPaper'], required: false },
  ],
  [{ anyOf: ['us-gaap:ConvertibleNotesPayable'], required: true }],
  [
    { anyOf: ['us-gaap:ConvertibleDebtNoncurrent', 'us-gaap:ConvertibleLongTermNotesPayable'], required: true },
    { anyOf: ['us-gaap:ConvertibleDebtCurrent', 'us-gaap:ConvertibleNotesPayableCurrent'], required: false },
  ],
  [{ anyOf: ['ifrs-full:Borrowings'], required: true }],
  [
    { anyOf: ['ifrs-full:NoncurrentPortionOfNoncurrentBorrowings', 'ifrs-full:LongtermBorrowings'], required: true },
    { anyOf: ['ifrs-full:CurrentBorrowingsAndCurrentPortionOfNoncurrentBorrowings', 'ifrs-full:ShorttermBorrowings'], required: false },
  ],
];

export const DEBT_CONCEPTS: readonly string[] = [...new Set(DEBT_COMPOSITIONS.flatMap((terms) => terms.flatMap((term) => term.anyOf)))];

/** Every concept the metrics may read, to pre-select facts once. */
export const METRIC_CONCEPTS: readonly string[] = [
  ...new Set([...Object.values(LINE_ITEMS).flatMap((item: LineItem) => item.concepts), ...DEBT_CONCEPTS]),
];
