// The days of one year of the holiday arrangement ({day, kind: off|work,
// holiday, notice}) as people read the State Council's notice: one block
// per holiday, "10月1日至8日放假调休，共8天；9月30日（星期六）上班".

/** 0 = Sunday … 6 = Saturday for 'YYYY-MM-DD' (a calendar day, no zone). */
export function weekdayIndex(day) {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

const dayNumber = (day) => Date.parse(`${day}T00:00:00Z`) / 86400000;

/**
 * Groups the listed days into holidays, in date order: [{holiday, first,
 * last, off: [days], work: [days]}]. Days off of one name form a block while
 * they lie close together (元旦 at both ends of a year are two blocks); a
 * make-up working day joins the nearest block of its holiday; days without
 * a name group the same way.
 */
export function holidayBlocks(days) {
  const sorted = [...(days || [])].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const blocks = [];
  const open = new Map(); // holiday name -> its latest block
  for (const d of sorted.filter((x) => x.kind === 'off')) {
    const name = d.holiday || '';
    let b = open.get(name);
    if (!b || dayNumber(d.day) - dayNumber(b.last) > 7) {
      b = { holiday: name, first: d.day, last: d.day, off: [], work: [] };
      blocks.push(b);
      open.set(name, b);
    }
    b.off.push(d);
    b.last = d.day;
  }
  for (const d of sorted.filter((x) => x.kind !== 'off')) {
    const name = d.holiday || '';
    const distance = (b) => Math.min(Math.abs(dayNumber(d.day) - dayNumber(b.first)), Math.abs(dayNumber(d.day) - dayNumber(b.last)));
    const candidates = blocks.filter((b) => b.holiday === name).sort((a, b) => distance(a) - distance(b));
    if (candidates.length && distance(candidates[0]) <= 31) candidates[0].work.push(d);
    else blocks.push({ holiday: name, first: '', last: '', off: [], work: [d] });
  }
  const key = (b) => b.first || b.work[0].day;
  return blocks.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}
