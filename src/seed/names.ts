import { Random } from './random';

/**
 * Fictional people with names as they occur on Dutch payrolls today: common Dutch first names
 * and surnames (with their "tussenvoegsel": van, de, van der...), and the names of Dutch people
 * of Moroccan, Turkish, Surinamese, Polish and other descent that technical firms employ too.
 */
const FIRST_NAMES = list(`
  Jan, Pieter, Kees, Henk, Gerrit, Dirk, Bas, Joost, Sander, Ruben, Thijs, Daan, Bram, Lars,
  Niels, Jeroen, Maarten, Wouter, Erik, Martijn, Stefan, Rik, Tim, Koen, Arjen, Hendrik, Jelle,
  Sjoerd, Albert, Klaas, Willem, Teun, Stijn, Jesse, Luuk, Milan, Sem, Finn, Gijs, Roel, Marco,
  Patrick, Dennis, Mark, Robin, Vincent, Wim, Hans, Frank, Rob, Mohamed, Youssef, Ahmed, Mehmet,
  Emre, Burak, Ömer, Anil, Rajesh, Kevin, Dwayne, Marek, Piotr, Tomasz, Andrzej, Bogdan, Ionut,
  Sven, Hidde, Menno, Sanne, Femke, Lisa, Anouk, Eva, Iris, Marloes, Esther, Kim, Linda, Fleur,
  Noor, Lotte, Sophie, Julia, Inge, Mirjam, Petra, Nadia, Fatima, Samira, Zeynep, Priya,
  Agnieszka, Renske, Wendy, Mariska, Joyce, Merel, Romy
`);

const LAST_NAMES = list(`
  de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer,
  de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit,
  Dijkstra, Smits, de Graaf, van der Meer, van der Linden, Kok, Jacobs, de Haan, Vermeulen,
  van den Heuvel, van der Veen, van den Broek, de Bruijn, de Bruin, van der Heijden, Schouten,
  van Beek, Willems, van Vliet, van de Ven, Hoekstra, Maas, Verhoeven, Koster, van Dam,
  van der Wal, Prins, Blom, Huisman, Peeters, de Kok, Kuipers, van Wijk, Postma, Kramer,
  van den Bosch, Veenstra, Boersma, Hofman, Hoekman, Romkes, Pasterkamp, Kapitein, Koffeman,
  Schraal, Zwaan, Wieringa, Bouma, Terpstra, Kingma, Sikkema, El Amrani, Bouzid, El Idrissi,
  Yilmaz, Kaya, Demir, Şahin, Çelik, Öztürk, Ramdin, Sewnath, Kartosen, Biharie, Nowak, Kowalski,
  Wiśniewski, Popescu, Nguyen, Haddou, Tahiri, van Rijn, Timmermans, Wouters, Gerritsen, Mol,
  Post, Kuijpers, Brink, Hermans, Molenaar, Veldman, Scholten, Evers
`);

/** Comma-separated names to an array. */
function list(text: string): readonly string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

export interface PersonName {
  firstName: string;
  lastName: string;
}

export function personName(random: Random): PersonName {
  return { firstName: random.pick(FIRST_NAMES), lastName: random.pick(LAST_NAMES) };
}

/** Lower case ASCII without spaces: "van der Meer" becomes "vandermeer", "Şahin" "sahin". */
export function mailPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/** "<first>.<last>", the local part of a work email address. */
export function emailLocalPart(name: PersonName): string {
  return `${mailPart(name.firstName)}.${mailPart(name.lastName)}`;
}

/** Lower-case words joined by hyphens: "Stad & Net ICT" becomes "stad-net-ict". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Surnames that firms are named after ("Jansen Installatietechniek"). */
export const FIRM_SURNAMES: readonly string[] = LAST_NAMES.slice(0, 72).map((name) =>
  name.replace(/^([a-z])/, (c) => c.toUpperCase()),
);
