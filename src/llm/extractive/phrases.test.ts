import { describe, expect, it } from 'vitest';
import { changeInContext, figureInContext, figuresInContext, figuresOf, leadClause, midSentence, subjectPhrase } from './phrases.js';
import { supplyObjects, tariffObject, topicPhrase } from './topics.js';

describe('leadClause', () => {
  it('cuts at a clause boundary, never with an ellipsis', () => {
    const sentence = "Tariffs on Chinese-origin batteries and drone components raised Halvern's landed cost of an S40 by about 9.6% in 2025, while tariffs on fully assembled imported drones raised competitors' prices more.";
    expect(leadClause(sentence, 160)).toBe("Tariffs on Chinese-origin batteries and drone components raised Halvern's landed cost of an S40 by about 9.6% in 2025");
    for (const max of [40, 60, 90, 130]) {
      const clause = leadClause(sentence, max);
      expect(clause).not.toMatch(/…|\.\.\.$/);
      expect(clause).not.toMatch(/\b(?:of|the|and|while|by)$/);
    }
  });

  it('drops a glued heading and keeps abbreviations inside the clause', () => {
    expect(leadClause('7. Trade policy Tariffs on batteries rose in several steps in 2024 and 2025.')).toBe('Tariffs on batteries rose in several steps in 2024 and 2025');
    expect(leadClause('Its aircraft face tariffs, and several U.S. states bar public agencies from buying them.', 200)).toBe('Its aircraft face tariffs, and several U.S. states bar public agencies from buying them');
  });
});

describe('figures in context', () => {
  it('keeps ranges whole and says what a figure measures', () => {
    expect(figuresOf('Reaching national coverage costs a new entrant $40–60 million over three years.')).toEqual(['$40–60 million']);
    expect(figureInContext('The three largest suppliers account for about 40% of the bill-of-materials cost of a drone.', '40%')).toBe('about 40% of the bill-of-materials cost');
    expect(figuresInContext('Buyers negotiate discounts of 15–25%, run formal tenders and multi-source.')).toEqual(['discounts of 15–25%']);
    expect(changeInContext('Tariff changes raised the landed cost of an S40 by about $1,850, or 9.6%.')).toBe('landed cost up about $1,850');
  });

  it('finds subjects, topics and the parts bought from concentrated suppliers', () => {
    expect(subjectPhrase('The three largest customers negotiate volume discounts every season.')).toBe('The three largest customers');
    expect(topicPhrase("His complaints are Canopy's learning curve for new staff (\"three weeks\") and exports.")).toBe("Canopy's learning curve for new staff");
    expect(tariffObject('New tariffs of 25% on imported robotics components took effect in January.')).toBe('imported robotics components');
    expect(
      supplyObjects([
        "A majority of Halvern's battery cells come from one supplier in China, and every flight controller comes from one contract manufacturer.",
        "Luntek Precision builds 100% of Halvern's flight controllers and main circuit boards.",
        'We have developed close relationships with vendors of key parts such as battery cells, electronics and vehicle assemblies.',
      ]),
    ).toEqual(['battery cells', 'flight controllers']);
  });

  it('lower-cases a phrase placed mid-sentence unless it starts with a name', () => {
    const names = new Set(['terrafold']);
    expect(midSentence('Competition in autonomous weeding is intensifying', names)).toBe('competition in autonomous weeding is intensifying');
    expect(midSentence('Terrafold filed a patent suit', names)).toBe('Terrafold filed a patent suit');
    expect(midSentence("Canopy's learning curve", names)).toBe("Canopy's learning curve");
  });
});
