/**
 * Month and day names a date column may use, Indonesian and English, with the short forms
 * people actually write (CLDR's "Agu" beside "Agt"/"Ags", "Sept", "Nop", the old "Pebruari").
 * Keys are lower case; matching is case-insensitive.
 */
export const MONTH_NAMES: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, 'januari january jan'],
      [2, 'februari pebruari february feb peb'],
      [3, 'maret march mar'],
      [4, 'april apr'],
      [5, 'mei may'],
      [6, 'juni june jun'],
      [7, 'juli july jul'],
      [8, 'agustus august agu agt ags aug'],
      [9, 'september sept sep'],
      [10, 'oktober october okt oct'],
      [11, 'november nopember nov nop'],
      [12, 'desember december des dec'],
    ] as const
  ).flatMap(([month, names]) => names.split(' ').map((n) => [n, month] as const)),
);

export const DAY_NAMES: readonly string[] = [
  'minggu', 'senin', 'selasa', 'rabu', 'kamis', 'jumat', "jum'at", 'sabtu',
  'min', 'sen', 'sel', 'rab', 'kam', 'jum', 'sab',
  'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday',
  'sun', 'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat',
];
