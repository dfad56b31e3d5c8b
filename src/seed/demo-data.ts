import { UserRole } from '../auth/actor';
import { MembershipStatus } from '../companies/company.enums';
import { FlevolandTown } from './geography';
import { HeldSkill, Trade } from './trades';

/** The password of every demo user. */
export const DEMO_PASSWORD = 'demo-pool-2026';

/** Key of a demo pool. */
export type DemoPoolKey = 'flevoland' | 'almere';

export const DEMO_POOLS: Record<
  DemoPoolKey,
  { name: string; region: string; branch: string; coordinator: string }
> = {
  flevoland: {
    name: 'Technisch Werkgeverspool Flevoland',
    region: 'Flevoland',
    branch: 'Installatietechniek en metaal',
    coordinator: 'coordinator@demo.pool',
  },
  almere: {
    name: 'Bedrijvenkring Almere Techniek',
    region: 'Almere',
    branch: 'ICT en automatisering',
    coordinator: 'coordinator2@demo.pool',
  },
};

/** A fictional member firm of the demo. `slug` makes its mail domain: `<slug>.demo`. */
export interface DemoFirm {
  name: string;
  slug: string;
  town: FlevolandTown;
  /** Main trade first; empty for the school. */
  trades: readonly Trade[];
  employees: number;
  school?: true;
  memberships: Partial<Record<DemoPoolKey, MembershipStatus>>;
}

const { ACTIVE, PENDING, SUSPENDED, LEFT } = MembershipStatus;

/** Fictional installation, metal and technology firms in real Flevoland towns, and a college. */
// prettier-ignore
export const DEMO_FIRMS: readonly DemoFirm[] = [
  { name: 'Van der Meer Installatietechniek', slug: 'vandermeer', town: 'almere', trades: ['INSTALLATION', 'ELECTRICAL'], employees: 34, memberships: { flevoland: ACTIVE, almere: ACTIVE } },
  { name: 'Kroon Klimaattechniek', slug: 'kroon-klimaat', town: 'almere', trades: ['INSTALLATION'], employees: 22, memberships: { flevoland: ACTIVE, almere: ACTIVE } },
  { name: 'Almeerse Elektro Service', slug: 'almeerse-elektro', town: 'almere', trades: ['ELECTRICAL'], employees: 18, memberships: { flevoland: ACTIVE, almere: ACTIVE } },
  { name: 'De Wit Metaalbewerking', slug: 'dewit-metaal', town: 'almere', trades: ['METAL', 'MACHINING'], employees: 20, memberships: { flevoland: ACTIVE, almere: ACTIVE } },
  { name: 'Polderlicht Zonnetechniek', slug: 'polderlicht', town: 'almere', trades: ['ELECTRICAL'], employees: 12, memberships: { flevoland: PENDING } },
  { name: 'Bakker Lasbedrijf', slug: 'bakker-las', town: 'lelystad', trades: ['METAL'], employees: 16, memberships: { flevoland: ACTIVE } },
  { name: 'Flevo Machinebouw', slug: 'flevo-machinebouw', town: 'lelystad', trades: ['MACHINING', 'MAINTENANCE'], employees: 28, memberships: { flevoland: ACTIVE, almere: ACTIVE } },
  { name: 'Zuiderzee Elektrotechniek', slug: 'zuiderzee-elektro', town: 'lelystad', trades: ['ELECTRICAL', 'AUTOMATION'], employees: 24, memberships: { flevoland: ACTIVE } },
  { name: 'Batavia Staalconstructies', slug: 'batavia-staal', town: 'lelystad', trades: ['METAL', 'CONSTRUCTION'], employees: 19, memberships: { flevoland: ACTIVE, almere: LEFT } },
  { name: 'Lelystad Procesautomatisering', slug: 'lelystad-proces', town: 'lelystad', trades: ['AUTOMATION', 'ELECTRICAL'], employees: 17, memberships: { flevoland: ACTIVE, almere: ACTIVE } },
  { name: 'Hoekstra Installatiebedrijf', slug: 'hoekstra', town: 'dronten', trades: ['INSTALLATION'], employees: 15, memberships: { flevoland: ACTIVE } },
  { name: 'Agrotechniek Dronten', slug: 'agrotechniek-dronten', town: 'dronten', trades: ['MAINTENANCE', 'METAL'], employees: 21, memberships: { flevoland: ACTIVE } },
  { name: 'Swifterbant Montage & Onderhoud', slug: 'swifterbant-montage', town: 'swifterbant', trades: ['MAINTENANCE'], employees: 9, memberships: { flevoland: SUSPENDED } },
  { name: 'Biddinghuizen Agro-Installaties', slug: 'biddinghuizen-agro', town: 'biddinghuizen', trades: ['INSTALLATION', 'MAINTENANCE'], employees: 12, memberships: { flevoland: PENDING } },
  { name: 'Horsterwold Warmtepompen', slug: 'horsterwold', town: 'zeewolde', trades: ['INSTALLATION'], employees: 11, memberships: { flevoland: ACTIVE } },
  { name: 'Zeewolde Precisietechniek', slug: 'zeewolde-precisie', town: 'zeewolde', trades: ['MACHINING'], employees: 14, memberships: { flevoland: ACTIVE } },
  { name: 'Noordoostpolder Installatiegroep', slug: 'nop-installatiegroep', town: 'emmeloord', trades: ['INSTALLATION', 'ELECTRICAL'], employees: 30, memberships: { flevoland: ACTIVE } },
  { name: 'Emmeloord CNC Precisie', slug: 'emmeloord-cnc', town: 'emmeloord', trades: ['MACHINING'], employees: 13, memberships: { flevoland: ACTIVE } },
  { name: 'Marknesse Metaal & Montage', slug: 'marknesse-metaal', town: 'marknesse', trades: ['METAL', 'MAINTENANCE'], employees: 8, memberships: { flevoland: SUSPENDED } },
  { name: 'Urker Scheepstechniek', slug: 'urker-scheepstechniek', town: 'urk', trades: ['SHIPBUILDING', 'METAL'], employees: 26, memberships: { flevoland: ACTIVE } },
  { name: 'Kaap Elektro Urk', slug: 'kaap-elektro', town: 'urk', trades: ['ELECTRICAL'], employees: 10, memberships: { flevoland: ACTIVE } },
  { name: 'Stad & Net ICT Installaties', slug: 'stadennet', town: 'almere', trades: ['ICT', 'ELECTRICAL'], employees: 20, memberships: { almere: ACTIVE } },
  { name: 'Poort Automatisering', slug: 'poort-automatisering', town: 'almere', trades: ['ICT', 'AUTOMATION'], employees: 16, memberships: { almere: ACTIVE } },
  { name: 'Buiten Domotica & Beveiliging', slug: 'buiten-domotica', town: 'almere', trades: ['ELECTRICAL', 'ICT'], employees: 12, memberships: { almere: PENDING } },
  { name: 'Weerwater Robotica', slug: 'weerwater-robotica', town: 'almere', trades: ['AUTOMATION'], employees: 14, memberships: { almere: ACTIVE } },
  { name: 'Haven Bouw & Techniek', slug: 'haven-bouw', town: 'almere', trades: ['CONSTRUCTION', 'INSTALLATION'], employees: 15, memberships: { almere: ACTIVE } },
  { name: 'MBO College Flevoland', slug: 'mbo-college-flevoland', town: 'lelystad', trades: [], employees: 0, school: true, memberships: { flevoland: ACTIVE, almere: ACTIVE } },
];

/**
 * Named employees with an EMPLOYEE login, always lendable and with availability, so that the
 * consent flow can be tried from their side. Each is the first employee of their firm.
 */
export interface FeaturedEmployee {
  firm: string;
  firstName: string;
  lastName: string;
  skills: readonly (Omit<HeldSkill, 'validUntil'> & { validForDays?: number })[];
  standingConsent: boolean;
}

export const FEATURED_EMPLOYEES: readonly FeaturedEmployee[] = [
  {
    firm: 'vandermeer',
    firstName: 'Sanne',
    lastName: 'de Vries',
    skills: [
      { code: 'INST_HVAC', level: 4 },
      { code: 'INST_HEAT_PUMP', level: 4 },
      { code: 'CERT_F_GASSEN', level: 3, validForDays: 900 },
      { code: 'CERT_VCA_BASIS', level: 3, validForDays: 1400 },
      { code: 'TEACH_INSTRUCTION', level: 2 },
    ],
    standingConsent: true,
  },
  {
    firm: 'zuiderzee-elektro',
    firstName: 'Mohamed',
    lastName: 'El Amrani',
    skills: [
      { code: 'ELEC_INSTALL', level: 4 },
      { code: 'ELEC_LOW_VOLTAGE', level: 4 },
      { code: 'CERT_NEN_3140_VOP', level: 3, validForDays: 600 },
      { code: 'CERT_VCA_BASIS', level: 3, validForDays: 1000 },
    ],
    standingConsent: false,
  },
  {
    firm: 'bakker-las',
    firstName: 'Joost',
    lastName: 'Bakker',
    skills: [
      { code: 'METAL_WELDING', level: 5 },
      { code: 'METAL_WELD_TIG', level: 4 },
      { code: 'CERT_WELD_ISO_9606', level: 3, validForDays: 400 },
      { code: 'TEACH_PRACTICAL', level: 3 },
    ],
    standingConsent: false,
  },
  {
    firm: 'lelystad-proces',
    firstName: 'Femke',
    lastName: 'Visser',
    skills: [
      { code: 'AUTO_PLC', level: 4 },
      { code: 'AUTO_PLC_SIEMENS_TIA', level: 5 },
      { code: 'AUTO_SCADA', level: 3 },
    ],
    standingConsent: true,
  },
  {
    firm: 'urker-scheepstechniek',
    firstName: 'Jan',
    lastName: 'Romkes',
    skills: [
      { code: 'METAL_SHIPBUILDING', level: 4 },
      { code: 'METAL_WELD_MAG', level: 4 },
      { code: 'CERT_WELD_ISO_9606', level: 3, validForDays: -30 },
    ],
    standingConsent: false,
  },
  {
    firm: 'stadennet',
    firstName: 'Lisa',
    lastName: 'Jansen',
    skills: [
      { code: 'ICT_NETWORKING', level: 4 },
      { code: 'ICT_FIBRE', level: 3 },
      { code: 'TEACH_GUEST_LESSONS', level: 2 },
    ],
    standingConsent: false,
  },
];

/** A demo login to quote in the README. */
export interface DemoLogin {
  email: string;
  password: string;
  role: UserRole;
  /** What this login is good for trying. */
  tryThis: string;
}

/**
 * The demo logins (all with the password `demo-pool-2026`):
 *
 * | email | role | try |
 * | --- | --- | --- |
 * | admin@demo.pool | ADMIN | create a pool, appoint coordinators, see every pool |
 * | coordinator@demo.pool | POOL_COORDINATOR | Technisch Werkgeverspool Flevoland: admit the pending firms, run matching, read pool usage and unmet demand by skill |
 * | coordinator2@demo.pool | POOL_COORDINATOR | Bedrijvenkring Almere Techniek: decide Buiten Domotica's membership, update the pool terms |
 * | hr@vandermeer.demo | COMPANY_HR | a firm in both pools: post a peak, publish availability, accept or decline proposals |
 * | hr@bakker-las.demo | COMPANY_HR | a welding firm that mostly lends: accept proposals for its welders |
 * | hr@mbo-college-flevoland.demo | COMPANY_HR | the vocational college: part-time teaching demand, a few fixed half-days a week |
 * | hr@stadennet.demo | COMPANY_HR | an ICT firm in the Almere business circle |
 * | sanne.devries@vandermeer.demo | EMPLOYEE | heat-pump installer with a standing lending consent: see own profile and loans |
 * | mohamed.elamrani@zuiderzee-elektro.demo | EMPLOYEE | electrician: give or refuse consent to a proposed loan |
 * | joost.bakker@bakker-las.demo | EMPLOYEE | TIG welder who also teaches: a candidate for the college |
 * | femke.visser@lelystad-proces.demo | EMPLOYEE | PLC programmer (Siemens TIA) with a standing consent |
 * | jan.romkes@urker-scheepstechniek.demo | EMPLOYEE | shipbuilder whose welding certificate has expired |
 * | lisa.jansen@stadennet.demo | EMPLOYEE | network engineer in the Almere pool |
 *
 * Every firm has an HR login `hr@<firm-slug>.demo` (see {@link DEMO_FIRMS}).
 */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  login('admin@demo.pool', UserRole.ADMIN, 'Create a pool, appoint coordinators, see every pool.'),
  login(
    'coordinator@demo.pool',
    UserRole.POOL_COORDINATOR,
    'Technisch Werkgeverspool Flevoland: admit the pending firms, run matching, read pool usage and unmet demand by skill.',
  ),
  login(
    'coordinator2@demo.pool',
    UserRole.POOL_COORDINATOR,
    "Bedrijvenkring Almere Techniek: decide Buiten Domotica's membership, update the pool terms.",
  ),
  login(
    'hr@vandermeer.demo',
    UserRole.COMPANY_HR,
    'A firm in both pools: post a peak, publish availability, accept or decline proposals.',
  ),
  login(
    'hr@bakker-las.demo',
    UserRole.COMPANY_HR,
    'A welding firm that mostly lends: accept proposals for its welders.',
  ),
  login(
    'hr@mbo-college-flevoland.demo',
    UserRole.COMPANY_HR,
    'The vocational college: part-time teaching demand, a few fixed half-days a week.',
  ),
  login('hr@stadennet.demo', UserRole.COMPANY_HR, 'An ICT firm in the Almere business circle.'),
  login(
    'sanne.devries@vandermeer.demo',
    UserRole.EMPLOYEE,
    'Heat-pump installer with a standing lending consent: see own profile and loans.',
  ),
  login(
    'mohamed.elamrani@zuiderzee-elektro.demo',
    UserRole.EMPLOYEE,
    'Electrician: give or refuse consent to a proposed loan.',
  ),
  login(
    'joost.bakker@bakker-las.demo',
    UserRole.EMPLOYEE,
    'TIG welder who also teaches: a candidate for the college.',
  ),
  login(
    'femke.visser@lelystad-proces.demo',
    UserRole.EMPLOYEE,
    'PLC programmer (Siemens TIA) with a standing consent.',
  ),
  login(
    'jan.romkes@urker-scheepstechniek.demo',
    UserRole.EMPLOYEE,
    'Shipbuilder whose welding certificate has expired.',
  ),
  login('lisa.jansen@stadennet.demo', UserRole.EMPLOYEE, 'Network engineer in the Almere pool.'),
];

function login(email: string, role: UserRole, tryThis: string): DemoLogin {
  return { email, password: DEMO_PASSWORD, role, tryThis };
}
