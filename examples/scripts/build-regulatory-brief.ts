/**
 * Builds examples/halvern-agritech/documents/regulatory-brief.pdf, the fictional regulatory
 * brief of the Halvern Agritech example, with pdfkit's standard fonts so that its text can be
 * extracted. The output is deterministic (fixed creation date), so re-running the script only
 * changes the PDF when the text below changes.
 *
 *   npx tsx examples/scripts/build-regulatory-brief.ts [output.pdf]
 */
import { createWriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullet'; text: string };

const TITLE = 'Regulatory Brief: Drone Operations, Farm Data, Crop Protection, Incentives and Trade';
const SUBTITLE = 'Halvern Agritech, Inc. - Office of the General Counsel - August 22, 2025';
const NOTICE =
  'Fictional example written for ConsultantOS: the company, people and figures are invented, and references to laws and agencies are simplified for illustration.';

const h = (text: string): Block => ({ kind: 'heading', text });
const p = (text: string): Block => ({ kind: 'paragraph', text });
const li = (text: string): Block => ({ kind: 'bullet', text });

const BODY: Block[] = [
  h('1. Purpose'),
  p('This brief summarizes the rules that shape Halvern Agritech\'s business in the United States and Canada as of August 2025, for the board\'s annual strategy review. It covers aviation rules for drones, restrictions on foreign-made drones, farm data and privacy, pesticide and environmental rules, public incentives, trade policy, and pending legal matters. Prepared by Naomi Feld, General Counsel.'),

  h('2. Aviation rules'),
  p('Halvern\'s Kestrel K3 scouting drone weighs 7.9 kg (17 lb) and flies under the FAA\'s small-drone rule (Part 107), which requires a certified remote pilot, daylight or equipped twilight operations, and visual line of sight. Every Kestrel model broadcasts Remote ID as the FAA requires, so no customer needs a retrofit.'),
  p('The Kestrel S40 spray drone weighs about 92 kg fully loaded, above the 55-lb limit of Part 107, so each operator needs an FAA exemption and an agricultural aircraft operator certificate (Part 137). Approval times fell from about nine months in 2022 to about three months in 2025, and Halvern\'s compliance team helped 214 dealer customers through the process in 2024. The paperwork remains a real barrier for small farms and a reason some buyers choose a contracted service instead.'),
  p('The FAA has proposed a rule to allow routine beyond-visual-line-of-sight (BVLOS) operations, published for public comment in 2025. Halvern assumes a final rule no earlier than 2026-2027. If adopted as proposed, one operator could supervise several aircraft over large fields, which Halvern estimates would cut the cost per acre of drone spraying by 30-40% and raise the acres one crew covers per day three- to five-fold.'),

  h('3. Restrictions on foreign-made drones'),
  p('Federal agencies may no longer buy drones made by companies tied to countries designated as foreign adversaries, and several states extend similar bans to public universities, extension services and local agencies. Further federal action that could limit new equipment authorizations for certain foreign-made drones is under discussion. These rules favor U.S.-assembled products such as Halvern\'s in public, academic and large food-company programs.'),
  p('The same policy trend carries a risk for Halvern. Most of Halvern\'s battery cells come from a Chinese supplier, and a broad rule covering components as well as finished aircraft would force a faster and more expensive change of supplier than the plan in the June 2025 supply-chain memo.'),

  h('4. Farm data and privacy'),
  p('There is no comprehensive federal privacy law in the United States. About 19 state consumer privacy laws were in force or enacted by mid-2025; most exempt business data but cover personal data of individual farmers who operate as sole proprietors. Canadian customers are covered by Canada\'s federal private-sector privacy law, and the Brazil pilot is subject to Brazil\'s general data protection law.'),
  p('Halvern\'s Data Charter commits that growers own their field data, that Halvern never sells identifiable field data, and that data is deleted within 30 days of a request. Halvern was certified under an industry farm-data transparency program in 2023 and has published an independent SOC 2 Type II security report since 2024. Retailer requests for white-label versions of Canopy require new data-sharing agreements so that these commitments survive resale.'),

  h('5. Crop protection and the environment'),
  p('A pesticide applied by drone must be used according to its federal label, and many older labels do not address drone application explicitly. The U.S. Environmental Protection Agency is developing drone-specific guidance and drift data, and new labels increasingly carry Endangered Species Act mitigation measures such as buffer zones and runoff limits. Unclear labels slow adoption among cautious growers and retailers.'),
  p('Every drone spray operator also needs a state pesticide applicator license, and 14 states require an additional aerial-application exam. Halvern offers exam preparation through its dealer academy; 61% of first-time S40 buyers in 2024 used it.'),
  p('Precision application supports environmental goals that regulators and food companies now reward. In Halvern\'s 2024 trials on 41 farms, spot spraying reduced herbicide volume by 28% on average, variable-rate nitrogen guided by SoilSense data cut nitrogen use by 11% with no measurable yield loss, and sensor-based irrigation scheduling saved 14% of water on California orchards facing groundwater pumping limits.'),
  p('Lithium batteries are regulated as hazardous materials in transport and, in several states, in disposal. Halvern runs a battery take-back program through its dealers and collected 3,900 spent packs in 2024.'),

  h('6. Subsidies and incentives'),
  p('U.S. Department of Agriculture conservation programs share the cost of practices such as precision nutrient management and irrigation water management. In 2024, 640 Halvern customers received cost-share payments averaging $7,200 that helped pay for sensors or analytics. Federal budget legislation in 2025 restructured conservation funding, and Halvern expects slower and less predictable award timing in 2025 and 2026.'),
  p('A federal grant program for climate-smart commodities was terminated in spring 2025, ending funding for two grower pilots that used Halvern sensors to verify reduced-nitrogen practices. About $1.3 million of expected 2025-2026 revenue was lost. Private premiums paid by food companies for verified practices continue and are growing.'),
  p('In Canada, federal-provincial agricultural partnership programs in Saskatchewan and Alberta cover up to 50% of the cost of eligible precision-agriculture equipment, capped per farm. Most U.S. states exempt farm equipment, including agricultural drones, from sales tax.'),

  h('7. Trade policy'),
  p('Tariffs on Chinese-origin batteries and drone components raised Halvern\'s landed cost of an S40 by about 9.6% in 2025, while tariffs on fully assembled imported drones raised competitors\' prices more. SoilSense probes assembled in Mexico enter duty-free under the United States-Mexico-Canada Agreement, which is due for a joint review in 2026.'),
  p('Trade disputes also reach Halvern\'s customers. Retaliatory tariffs on U.S. soybeans and other crops in 2025 lowered export prospects and farm incomes, which makes growers more cautious about equipment purchases. Canadian counter-tariffs announced in 2025 did not include drones or sensors.'),

  h('8. Legal proceedings and liability'),
  p('In March 2025 Terrafold Sensing sued Halvern in the U.S. District Court for the District of Delaware, alleging that the SoilSense Gen2 electrode design infringes two Terrafold patents. Halvern has filed petitions challenging both patents\' validity and has a design-around ready for SoilSense Gen3; a trial is not expected before 2027. Defense costs are estimated at $2-3 million through trial.'),
  p('Halvern recorded two liability incidents in 2024: a drone that lost power and damaged a parked vehicle, and a spray-drift complaint from a neighboring organic farm. Both were settled within insurance limits. Halvern\'s aviation liability premium rose 22% at the 2025 renewal.'),

  h('9. Outlook'),
  li('BVLOS rule: favorable for Halvern; large cost reduction for drone spraying once final, timing uncertain.'),
  li('Foreign-drone restrictions: favorable for sales to public and food-company programs; adverse if extended to components.'),
  li('Pesticide labels and applicator licensing: slows adoption; Halvern\'s training offer is a differentiator.'),
  li('Conservation incentives: mixed; U.S. federal funding less predictable, private sustainability premiums rising.'),
  li('Tariffs: raise Halvern\'s costs but narrow the price gap with imported drones.'),
  li('Data privacy: manageable; Halvern\'s grower-owned data commitments are a selling point with retailers and growers.'),
];

async function build(outPath: string): Promise<void> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    bufferPages: true,
    info: {
      Title: TITLE,
      Author: 'Halvern Agritech, Inc. (fictional)',
      Subject: 'Fictional example written for ConsultantOS',
      Keywords: 'drone regulation, BVLOS, farm data privacy, pesticide labels, subsidies, tariffs',
      CreationDate: new Date('2025-08-22T12:00:00Z'),
      ModDate: new Date('2025-08-22T12:00:00Z'),
    },
    displayTitle: true,
  });
  const done = new Promise<void>((resolvePromise, reject) => {
    const out = createWriteStream(outPath);
    out.on('finish', () => resolvePromise());
    out.on('error', reject);
    doc.pipe(out);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.font('Helvetica-Oblique').fontSize(9).fillColor('#555555').text(NOTICE, { width });
  doc.moveDown(1.2);
  doc.font('Helvetica-Bold').fontSize(18).fillColor('#1d3b24').text(TITLE, { width });
  doc.moveDown(0.4);
  doc.font('Helvetica').fontSize(10).fillColor('#333333').text(SUBTITLE, { width });
  doc.moveDown(1);

  for (const block of BODY) {
    if (block.kind === 'heading') {
      // Keep a heading with the first lines of its section.
      if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
      doc.moveDown(0.6);
      doc.font('Helvetica-Bold').fontSize(12.5).fillColor('#1d3b24').text(block.text, { width });
      doc.moveDown(0.3);
    } else if (block.kind === 'paragraph') {
      doc.font('Helvetica').fontSize(10.5).fillColor('#111111').text(block.text, { width, lineGap: 2 });
      doc.moveDown(0.6);
    } else {
      doc.font('Helvetica').fontSize(10.5).fillColor('#111111').text(`- ${block.text}`, { width, indent: 0, lineGap: 2 });
      doc.moveDown(0.3);
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#777777')
      .text(`Halvern Agritech regulatory brief (fictional) - page ${i + 1} of ${range.count}`, doc.page.margins.left, doc.page.height - 40, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }

  doc.end();
  await done;
}

const here = dirname(fileURLToPath(import.meta.url));
const outPath = resolve(process.argv[2] ?? join(here, '..', 'halvern-agritech', 'documents', 'regulatory-brief.pdf'));
await build(outPath);
console.log(`wrote ${outPath}`);
