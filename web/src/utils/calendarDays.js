// The days of one year of the holiday arrangement ({day, kind: off|work,
// holiday, notice}) as people read the State Council's notice: one block
// per holiday, "10月1日至8日放假调休，共8天；9月30日（星期六）上班".

/** 0 = Sunday … 6 = Saturday for 'YYYY-MM-DD' (a calendar day, no zone). */
export function weekdayIndex(day) {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/**
 * Groups the listed days by holiday name, in date order of each block's
 * first day off: [{holiday, first, last, off: [days], work: [days]}]. A
 * make-up working day joins the block of its holiday; days without a name
 * form one block of their own.
 */
export function holidayBlocks(days) {
  const byName = new Map();
  for (const d of [...(days || [])].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))) {
    const name = d.holiday || '';
    if (!byName.has(name)) byName.set(name, { holiday: name, first: '', last: '', off: [], work: [] });
    const b = byName.get(name);
    if (d.kind === 'off') {
      b.off.push(d);
      if (!b.first) b.first = d.day;
      b.last = d.day;
    } else {
      b.work.push(d);
    }
  }
  const key = (b) => b.first || (b.work[0] && b.work[0].day) || '';
  return [...byName.values()].filter((b) => b.off.length || b.work.length).sort((a, b) => (key(a) < key(b) ? -1 : 1));
}
