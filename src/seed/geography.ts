import { Random } from './random';

/** A place with its real centre and the range of its real four-digit postcodes. */
export interface Town {
  name: string;
  latitude: number;
  longitude: number;
  /** First and last four-digit postcode number of the place. */
  postcodes: readonly [number, number];
  /** Landline area code without the leading 0, for work phone numbers. */
  areaCode: string;
  /** Relative size, for spreading firms and sites. */
  weight: number;
}

const town = (
  name: string,
  latitude: number,
  longitude: number,
  postcodes: readonly [number, number],
  areaCode: string,
  weight: number,
): Town => ({ name, latitude, longitude, postcodes, areaCode, weight });

/** Flevoland and the towns its workers commute from. */
export const FLEVOLAND_TOWNS = {
  almere: town('Almere', 52.3508, 5.2647, [1312, 1362], '36', 40),
  lelystad: town('Lelystad', 52.5185, 5.4714, [8211, 8245], '320', 16),
  dronten: town('Dronten', 52.525, 5.7181, [8251, 8252], '321', 8),
  swifterbant: town('Swifterbant', 52.5663, 5.6359, [8255, 8255], '321', 2),
  biddinghuizen: town('Biddinghuizen', 52.456, 5.693, [8256, 8256], '321', 2),
  zeewolde: town('Zeewolde', 52.3307, 5.5414, [3891, 3899], '36', 6),
  emmeloord: town('Emmeloord', 52.7106, 5.7481, [8301, 8304], '527', 8),
  ens: town('Ens', 52.6395, 5.8275, [8307, 8307], '527', 1),
  nagele: town('Nagele', 52.6403, 5.7269, [8308, 8308], '527', 1),
  marknesse: town('Marknesse', 52.7125, 5.8642, [8311, 8311], '527', 1),
  urk: town('Urk', 52.6617, 5.6011, [8321, 8323], '527', 5),
  kampen: town('Kampen', 52.555, 5.9114, [8261, 8266], '38', 4),
  harderwijk: town('Harderwijk', 52.3412, 5.6206, [3841, 3849], '341', 4),
} as const;

export type FlevolandTown = keyof typeof FLEVOLAND_TOWNS;

/** Cities across the Netherlands, weighted roughly by size, for national synthetic data. */
export const DUTCH_CITIES: readonly Town[] = [
  town('Amsterdam', 52.3676, 4.9041, [1011, 1109], '20', 90),
  town('Rotterdam', 51.9244, 4.4777, [3011, 3089], '10', 65),
  town('Den Haag', 52.0705, 4.3007, [2491, 2597], '70', 55),
  town('Utrecht', 52.0907, 5.1214, [3511, 3585], '30', 36),
  town('Eindhoven', 51.4416, 5.4697, [5611, 5658], '40', 24),
  town('Groningen', 53.2194, 6.5665, [9711, 9747], '50', 24),
  town('Tilburg', 51.5555, 5.0913, [5011, 5049], '13', 22),
  town('Almere', 52.3508, 5.2647, [1312, 1362], '36', 22),
  town('Breda', 51.5719, 4.7683, [4811, 4841], '76', 19),
  town('Nijmegen', 51.8126, 5.8372, [6511, 6546], '24', 18),
  town('Apeldoorn', 52.2112, 5.9699, [7311, 7339], '55', 17),
  town('Haarlem', 52.3874, 4.6462, [2011, 2037], '23', 16),
  town('Arnhem', 51.9851, 5.8987, [6811, 6846], '26', 16),
  town('Enschede', 52.2215, 6.8937, [7511, 7548], '53', 16),
  town('Amersfoort', 52.1561, 5.3878, [3811, 3829], '33', 16),
  town('Zaandam', 52.442, 4.8292, [1501, 1509], '75', 16),
  town("'s-Hertogenbosch", 51.6978, 5.3037, [5211, 5237], '73', 16),
  town('Zwolle', 52.5168, 6.083, [8011, 8047], '38', 13),
  town('Leeuwarden', 53.2012, 5.7999, [8911, 8939], '58', 12),
  town('Zoetermeer', 52.0575, 4.4931, [2711, 2729], '79', 12),
  town('Leiden', 52.1601, 4.497, [2311, 2334], '71', 12),
  town('Maastricht', 50.8514, 5.691, [6211, 6229], '43', 12),
  town('Dordrecht', 51.8133, 4.6901, [3311, 3329], '78', 12),
  town('Ede', 52.0402, 5.6649, [6711, 6718], '318', 12),
  town('Alkmaar', 52.6324, 4.7534, [1811, 1827], '72', 11),
  town('Emmen', 52.7792, 6.9069, [7811, 7833], '591', 10),
  town('Venlo', 51.3704, 6.1724, [5911, 5932], '77', 10),
  town('Deventer', 52.2551, 6.1639, [7411, 7431], '570', 10),
  town('Helmond', 51.4793, 5.657, [5701, 5709], '492', 9),
  town('Lelystad', 52.5185, 5.4714, [8211, 8245], '320', 8),
  town('Oss', 51.765, 5.5181, [5341, 5351], '412', 8),
  town('Roosendaal', 51.5308, 4.4653, [4701, 4709], '165', 8),
  town('Hengelo', 52.2658, 6.7931, [7551, 7559], '74', 8),
  town('Heerlen', 50.8882, 5.9795, [6411, 6422], '45', 8),
  town('Hoorn', 52.6425, 5.0597, [1621, 1628], '229', 7),
  town('Assen', 52.9925, 6.5649, [9401, 9408], '592', 7),
  town('Gouda', 52.0115, 4.7105, [2801, 2809], '182', 7),
  town('Veenendaal', 52.0286, 5.5589, [3901, 3907], '318', 6),
  town('Doetinchem', 51.965, 6.2886, [7001, 7009], '314', 6),
  town('Harderwijk', 52.3412, 5.6206, [3841, 3849], '341', 5),
  town('Middelburg', 51.4988, 3.6136, [4331, 4340], '118', 5),
  town('Den Helder', 52.9563, 4.7601, [1781, 1789], '223', 5),
  town('Heerenveen', 52.9597, 5.92, [8441, 8448], '513', 5),
  town('Weert', 51.2517, 5.7069, [6001, 6006], '495', 5),
  town('Sittard', 50.9983, 5.8694, [6131, 6137], '46', 5),
  town('Kampen', 52.555, 5.9114, [8261, 8266], '38', 4),
  town('Terneuzen', 51.335, 3.8278, [4531, 4539], '115', 4),
  town('Vlissingen', 51.4426, 3.5736, [4381, 4388], '118', 4),
  town('Emmeloord', 52.7106, 5.7481, [8301, 8304], '527', 3),
  town('Dronten', 52.525, 5.7181, [8251, 8252], '321', 3),
];

// Letters used in Dutch postcodes: F, I, O, Q, U and Y are not, nor the pairs SA, SD and SS.
const POSTCODE_LETTERS = [...'ABCDEGHJKLMNPRSTVWXZ'];
const EXCLUDED_PAIRS = new Set(['SA', 'SD', 'SS']);

/** A plausible postcode of `place`, such as "1316 BC". */
export function postcodeIn(random: Random, place: Town): string {
  const digits = random.int(place.postcodes[0], place.postcodes[1]);
  for (;;) {
    const letters = random.pick(POSTCODE_LETTERS) + random.pick(POSTCODE_LETTERS);
    if (!EXCLUDED_PAIRS.has(letters)) return `${digits} ${letters}`;
  }
}

/** A work landline in the place's area, "+31 36 531 2045" style. */
export function landlineIn(random: Random, place: Town): string {
  const digits = String(
    random.int(10 ** (8 - place.areaCode.length), 10 ** (9 - place.areaCode.length) - 1),
  );
  return `+31 ${place.areaCode} ${digits.slice(0, 3)} ${digits.slice(3)}`;
}

/** A Dutch mobile number, "+31 6 1234 5678" style. */
export function mobileNumber(random: Random): string {
  const digits = String(random.int(10_000_000, 69_999_999));
  return `+31 6 ${digits.slice(0, 4)} ${digits.slice(4)}`;
}

const KM_PER_DEGREE = 111.2;

/**
 * A point near (latitude, longitude): normally distributed with `sigmaKm` in each direction,
 * never further than `maxKm`; rounded to five decimals (about a metre).
 */
export function nearby(
  random: Random,
  latitude: number,
  longitude: number,
  sigmaKm: number,
  maxKm: number,
): { latitude: number; longitude: number } {
  let dx = random.gaussian() * sigmaKm;
  let dy = random.gaussian() * sigmaKm;
  const distance = Math.hypot(dx, dy);
  if (distance > maxKm) {
    dx = (dx / distance) * maxKm;
    dy = (dy / distance) * maxKm;
  }
  const lat = latitude + dy / KM_PER_DEGREE;
  const lon = longitude + dx / (KM_PER_DEGREE * Math.cos((latitude * Math.PI) / 180));
  return { latitude: round5(lat), longitude: round5(lon) };
}

/** The place in `places` whose centre is nearest to the point (flat approximation). */
export function nearestTown(places: readonly Town[], latitude: number, longitude: number): Town {
  const scale = Math.cos((latitude * Math.PI) / 180);
  let best = places[0];
  let bestDistance = Infinity;
  for (const place of places) {
    const dLat = place.latitude - latitude;
    const dLon = (place.longitude - longitude) * scale;
    const distance = dLat * dLat + dLon * dLon;
    if (distance < bestDistance) {
      best = place;
      bestDistance = distance;
    }
  }
  return best;
}

function round5(value: number): number {
  return Math.round(value * 100_000) / 100_000;
}
