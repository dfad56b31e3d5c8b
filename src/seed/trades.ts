import { addDays } from './schedule';
import { Random } from './random';

/** The trades member firms work in; a firm has one or two. */
export type Trade =
  | 'INSTALLATION'
  | 'ELECTRICAL'
  | 'METAL'
  | 'MACHINING'
  | 'AUTOMATION'
  | 'MAINTENANCE'
  | 'SHIPBUILDING'
  | 'CONSTRUCTION'
  | 'ICT';

/** Skill codes with relative weights. */
type Weighted = readonly (readonly [code: string, weight: number])[];

/**
 * What people in a trade typically hold: a root skill (the trade itself), specialisations, and
 * certificates with the share of people who hold them.
 */
interface TradeProfile {
  roots: Weighted;
  specialisations: Weighted;
  certificates: Weighted;
  /** Words for synthetic firm names ("Jansen Installatietechniek"). */
  firmWords: readonly string[];
  /** Relative share of firms in this trade in synthetic data. */
  share: number;
}

export const TRADE_PROFILES: Record<Trade, TradeProfile> = {
  INSTALLATION: {
    roots: [
      ['INST_HVAC', 6],
      ['INST_PLUMBING', 4],
    ],
    specialisations: [
      ['INST_HEAT_PUMP', 3],
      ['INST_CENTRAL_HEATING', 3],
      ['INST_VENTILATION', 2],
      ['INST_AIRCO', 1.5],
      ['INST_UNDERFLOOR', 1],
      ['INST_GAS', 2],
      ['INST_DRAINAGE', 1],
      ['INST_SPRINKLER', 0.5],
    ],
    certificates: [
      ['CERT_VCA_BASIS', 0.5],
      ['CERT_F_GASSEN', 0.3],
      ['CERT_BHV', 0.1],
      ['CERT_WORK_AT_HEIGHT', 0.08],
    ],
    firmWords: [
      'Installatietechniek',
      'Installatiebedrijf',
      'Klimaattechniek',
      'Warmtetechniek',
      'Installatiegroep',
    ],
    share: 25,
  },
  ELECTRICAL: {
    roots: [['ELEC_INSTALL', 1]],
    specialisations: [
      ['ELEC_LOW_VOLTAGE', 4],
      ['ELEC_SOLAR_PV', 2.5],
      ['ELEC_EV_CHARGING', 1.5],
      ['ELEC_SWITCHGEAR', 1.5],
      ['ELEC_INDUSTRIAL', 1.5],
      ['ELEC_BUILDING_AUTOMATION', 1],
      ['ELEC_FIRE_ALARM', 0.7],
      ['ELEC_LIGHTING', 0.8],
      ['ELEC_MEDIUM_VOLTAGE', 0.4],
    ],
    certificates: [
      ['CERT_VCA_BASIS', 0.6],
      ['CERT_NEN_3140_VOP', 0.4],
      ['CERT_NEN_3140_VP', 0.25],
      ['CERT_NEN_1010', 0.2],
      ['CERT_WORK_AT_HEIGHT', 0.1],
      ['CERT_SCIOS_SCOPE_8', 0.04],
      ['CERT_BHV', 0.1],
    ],
    firmWords: [
      'Elektrotechniek',
      'Elektro',
      'Elektrotechnisch Bureau',
      'Zonnetechniek',
      'Elektra',
    ],
    share: 25,
  },
  METAL: {
    roots: [
      ['METAL_WELDING', 7],
      ['METAL_SHEET', 3],
    ],
    specialisations: [
      ['METAL_WELD_MAG', 3],
      ['METAL_WELD_TIG', 2.5],
      ['METAL_WELD_MIG', 2],
      ['METAL_WELD_STICK', 1],
      ['METAL_STEEL_CONSTRUCTION', 2],
      ['METAL_PRESS_BRAKE', 1.5],
      ['METAL_LASER_CUTTING', 1],
      ['METAL_PIPEFITTING', 1],
    ],
    certificates: [
      ['CERT_WELD_ISO_9606', 0.45],
      ['CERT_VCA_BASIS', 0.5],
      ['CERT_FORKLIFT', 0.2],
      ['CERT_AERIAL_PLATFORM', 0.1],
    ],
    firmWords: [
      'Metaalbewerking',
      'Lasbedrijf',
      'Staalbouw',
      'Metaaltechniek',
      'Constructiebedrijf',
    ],
    share: 15,
  },
  MACHINING: {
    roots: [['METAL_CNC', 1]],
    specialisations: [
      ['METAL_CNC_TURNING', 3],
      ['METAL_CNC_MILLING', 3],
      ['METAL_CAM_PROGRAMMING', 1.5],
      ['MECH_MACHINE_ASSEMBLY', 1],
      ['MECH_MEASURING', 1],
    ],
    certificates: [
      ['CERT_FORKLIFT', 0.15],
      ['CERT_BHV', 0.1],
    ],
    firmWords: ['Precisietechniek', 'CNC Techniek', 'Fijnmechanica', 'Verspaningstechniek'],
    share: 8,
  },
  AUTOMATION: {
    roots: [
      ['AUTO_INDUSTRIAL', 6],
      ['AUTO_PLC', 4],
    ],
    specialisations: [
      ['AUTO_PLC_SIEMENS_TIA', 3],
      ['AUTO_PLC_ALLEN_BRADLEY', 0.6],
      ['AUTO_PLC_BECKHOFF', 0.8],
      ['AUTO_SCADA', 2],
      ['AUTO_ROBOTICS', 1.2],
      ['AUTO_DRIVES', 1],
      ['AUTO_INSTRUMENTATION', 1],
      ['ELEC_INDUSTRIAL', 1.5],
      ['ELEC_SWITCHGEAR', 1],
      ['ICT_OT_SECURITY', 0.3],
    ],
    certificates: [
      ['CERT_NEN_3140_VP', 0.3],
      ['CERT_VCA_BASIS', 0.4],
    ],
    firmWords: ['Automatisering', 'Procesautomatisering', 'Besturingstechniek', 'Robotica'],
    share: 8,
  },
  MAINTENANCE: {
    roots: [['MECH_MAINTENANCE', 1]],
    specialisations: [
      ['MECH_HYDRAULICS', 2],
      ['MECH_PNEUMATICS', 1.5],
      ['MECH_MACHINE_ASSEMBLY', 1.5],
      ['MECH_AGRI_MACHINERY', 1.5],
      ['METAL_WELD_MAG', 1],
      ['ELEC_INDUSTRIAL', 1],
    ],
    certificates: [
      ['CERT_VCA_BASIS', 0.5],
      ['CERT_VCA_VOL', 0.15],
      ['CERT_NEN_3140_VOP', 0.25],
      ['CERT_FORKLIFT', 0.2],
    ],
    firmWords: ['Machinebouw', 'Onderhoud & Montage', 'Agrotechniek', 'Technische Dienstverlening'],
    share: 8,
  },
  SHIPBUILDING: {
    roots: [['METAL_SHIPBUILDING', 1]],
    specialisations: [
      ['METAL_WELD_MAG', 2],
      ['METAL_WELD_TIG', 1.5],
      ['METAL_PIPEFITTING', 2],
      ['METAL_STEEL_CONSTRUCTION', 1.5],
      ['MECH_MAINTENANCE', 1],
      ['MECH_HYDRAULICS', 1],
    ],
    certificates: [
      ['CERT_WELD_ISO_9606', 0.5],
      ['CERT_VCA_BASIS', 0.6],
      ['CERT_AERIAL_PLATFORM', 0.15],
    ],
    firmWords: ['Scheepstechniek', 'Scheepsbouw', 'Jachtbouw', 'Maritiem'],
    share: 2,
  },
  CONSTRUCTION: {
    roots: [['CONS_BUILDING', 1]],
    specialisations: [
      ['CONS_CARPENTRY', 3],
      ['CONS_MASONRY', 1.5],
      ['CONS_CONCRETE', 1.2],
      ['CONS_ROOFING', 1],
      ['CONS_INSULATION', 1.2],
      ['CONS_PREFAB', 1],
      ['CONS_SCAFFOLDING', 0.8],
    ],
    certificates: [
      ['CERT_VCA_BASIS', 0.6],
      ['CERT_VCA_VOL', 0.1],
      ['CERT_WORK_AT_HEIGHT', 0.3],
      ['CERT_AERIAL_PLATFORM', 0.15],
    ],
    firmWords: ['Bouw', 'Bouwbedrijf', 'Bouw & Renovatie', 'Aannemersbedrijf'],
    share: 6,
  },
  ICT: {
    roots: [
      ['ICT_NETWORKING', 6],
      ['ICT_SYSADMIN', 4],
    ],
    specialisations: [
      ['ICT_DATA_CABLING', 2],
      ['ICT_FIBRE', 1.5],
      ['ICT_WIFI', 1.2],
      ['ICT_LINUX', 1],
      ['ICT_WINDOWS_SERVER', 1],
      ['ICT_CLOUD', 1],
      ['ICT_OT_SECURITY', 0.6],
      ['ICT_SOFTWARE', 0.8],
    ],
    certificates: [
      ['CERT_VCA_BASIS', 0.15],
      ['CERT_BHV', 0.1],
    ],
    firmWords: ['ICT', 'Netwerken', 'IT Services', 'Datatechniek'],
    share: 5,
  },
};

export const TRADES = Object.keys(TRADE_PROFILES) as Trade[];

/** A skill an employee holds; `validUntil` only for certificates (ISO date). */
export interface HeldSkill {
  code: string;
  level: number;
  validUntil: string | null;
}

const LEVELS = [1, 2, 3, 4, 5] as const;
const LEVEL_WEIGHT: Record<number, number> = { 1: 10, 2: 20, 3: 35, 4: 25, 5: 10 };

/**
 * A plausible skill set for a person in one of `trades` (the first is the firm's main trade):
 * the trade's root skill, specialisations at levels that follow the person's experience,
 * certificates (some expired), and now and then teaching skills. Between `min` and `max` skills.
 */
export function skillSet(
  random: Random,
  trades: readonly Trade[],
  options: { min: number; max: number; today: string },
): HeldSkill[] {
  const trade = trades.length > 1 && random.chance(0.3) ? trades[1] : trades[0];
  const profile = TRADE_PROFILES[trade];
  const target = random.int(options.min, options.max);
  const experience = random.weighted(LEVELS, (l) => LEVEL_WEIGHT[l]);
  const level = () => Math.min(5, Math.max(1, experience + random.int(-1, 1)));
  const held = new Map<string, HeldSkill>();
  const add = (code: string, lvl: number, certificate: boolean) => {
    if (held.size >= target || held.has(code)) return;
    const validUntil = certificate
      ? addDays(options.today, random.chance(0.1) ? -random.int(1, 400) : random.int(14, 1800))
      : null;
    held.set(code, { code, level: lvl, validUntil });
  };

  add(random.weighted(profile.roots, (r) => r[1])[0], Math.min(5, experience + 1), false);
  for (const [code, share] of profile.certificates) {
    if (held.size < target - 1 && random.chance(share)) add(code, 3, true);
  }
  if (random.chance(0.1) && held.size < target) {
    add('TEACH_INSTRUCTION', level(), false);
    if (random.chance(0.4)) add(random.pick(TEACHING_SPECIALISATIONS), level(), false);
    if (random.chance(0.15)) add('TEACH_PDG', 3, true);
  }
  for (let attempts = 0; held.size < target && attempts < 20; attempts++) {
    add(random.weighted(profile.specialisations, (s) => s[1])[0], level(), false);
  }
  return [...held.values()];
}

/**
 * The employer's full cost of an hour of a person's work, in cents: 35-75 euro, higher for
 * people with higher skill levels.
 */
export function hourlyCostCents(random: Random, topLevel: number): number {
  const cents = 100 * (35 + (topLevel - 1) * 7 + random.int(-3, 8)) + random.pick([0, 25, 50, 75]);
  return Math.min(7500, Math.max(3500, cents));
}

const TEACHING_SPECIALISATIONS = [
  'TEACH_PRACTICAL',
  'TEACH_GUEST_LESSONS',
  'TEACH_MENTORING',
  'TEACH_EXAMINATION',
] as const;

/** A skill a peak asks for. */
export interface Requirement {
  code: string;
  minLevel: number;
  mandatory: boolean;
}

/** A typical peak of a trade: what firms post when they are short of hands. */
export interface DemandTemplate {
  title: string;
  description: string;
  requirements: readonly Requirement[];
  /** Half-days of the week (0 = Monday morning ... 13 = Sunday afternoon). */
  halfDays: readonly number[];
  weeks: readonly [number, number];
  headcount: readonly [number, number];
}

const req = (code: string, minLevel: number, mandatory = true): Requirement => ({
  code,
  minLevel,
  mandatory,
});

/** Monday to Friday, both halves. */
export const FULL_WEEK = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const MON_THU = [0, 1, 2, 3, 4, 5, 6, 7];
const MON_WED = [0, 1, 2, 3, 4, 5];
const FULL_WEEK_AND_SATURDAY = [...FULL_WEEK, 10];

/** Peaks of member firms, by the trade of the firm that posts them. */
export const DEMAND_TEMPLATES: Record<Trade, readonly DemandTemplate[]> = {
  INSTALLATION: [
    {
      title: 'Monteur warmtepompen nieuwbouwproject',
      description:
        'Plaatsen en in bedrijf stellen van lucht-waterwarmtepompen in een nieuwbouwwijk, in een duo met onze eigen monteur.',
      requirements: [
        req('INST_HEAT_PUMP', 3),
        req('CERT_F_GASSEN', 1),
        req('CERT_VCA_BASIS', 1, false),
      ],
      halfDays: FULL_WEEK,
      weeks: [3, 8],
      headcount: [1, 3],
    },
    {
      title: 'Servicemonteur cv en ventilatie (storingsdienst)',
      description:
        'Onderhoud en storingen aan cv-ketels en WTW-units bij particulieren; bus en gereedschap worden gesteld.',
      requirements: [req('INST_CENTRAL_HEATING', 3), req('INST_VENTILATION', 2, false)],
      halfDays: MON_THU,
      weeks: [2, 6],
      headcount: [1, 2],
    },
    {
      title: 'Loodgieter renovatie appartementencomplex',
      description:
        'Vervangen van riolering en waterleidingen in een complex van 64 appartementen, bewoond tijdens de werkzaamheden.',
      requirements: [req('INST_PLUMBING', 3), req('INST_DRAINAGE', 2, false)],
      halfDays: FULL_WEEK,
      weeks: [4, 10],
      headcount: [1, 2],
    },
    {
      title: 'Aircomonteur kantoorrenovatie',
      description:
        'Plaatsen van split-airco-units en warmteterugwinning in een gerenoveerd kantoorpand; F-gassencertificaat vereist.',
      requirements: [req('INST_AIRCO', 3), req('CERT_F_GASSEN', 1)],
      halfDays: FULL_WEEK,
      weeks: [2, 6],
      headcount: [1, 2],
    },
    {
      title: 'Monteur vloerverwarming',
      description: 'Leggen en afpersen van vloerverwarming in een rij eengezinswoningen.',
      requirements: [req('INST_UNDERFLOOR', 2), req('INST_HVAC', 2, false)],
      halfDays: FULL_WEEK,
      weeks: [1, 4],
      headcount: [1, 1],
    },
  ],
  ELECTRICAL: [
    {
      title: 'Elektromonteur laagspanning utiliteitsbouw',
      description:
        'Aanleg van de laagspanningsinstallatie in een nieuw bedrijfspand: kabelgoten, bekabeling en eindgroepen.',
      requirements: [
        req('ELEC_LOW_VOLTAGE', 3),
        req('CERT_VCA_BASIS', 1),
        req('CERT_NEN_3140_VOP', 1, false),
      ],
      halfDays: FULL_WEEK,
      weeks: [4, 10],
      headcount: [1, 3],
    },
    {
      title: 'Installateur zonnepanelen agrarische daken',
      description:
        'Montage van PV-installaties op stallen en loodsen; werken op hoogte met valbeveiliging.',
      requirements: [req('ELEC_SOLAR_PV', 2), req('CERT_WORK_AT_HEIGHT', 1, false)],
      halfDays: FULL_WEEK,
      weeks: [2, 6],
      headcount: [1, 3],
    },
    {
      title: 'Paneelbouwer schakelkasten',
      description:
        'Bouwen en bedraden van verdeelinrichtingen in onze werkplaats volgens tekening.',
      requirements: [req('ELEC_SWITCHGEAR', 3)],
      halfDays: MON_THU,
      weeks: [3, 8],
      headcount: [1, 2],
    },
    {
      title: 'Monteur laadpalen parkeergarage',
      description:
        'Plaatsen en aansluiten van 40 laadpunten in een parkeergarage, inclusief meetrapport.',
      requirements: [req('ELEC_EV_CHARGING', 2), req('CERT_NEN_3140_VOP', 1)],
      halfDays: FULL_WEEK,
      weeks: [2, 4],
      headcount: [1, 2],
    },
    {
      title: 'Inspecteur elektrische installaties (SCIOS scope 8)',
      description:
        'Periodieke inspecties bij agrarische klanten voor de verzekeraar; rapportage in ons eigen systeem.',
      requirements: [req('CERT_SCIOS_SCOPE_8', 1), req('CERT_NEN_3140_VP', 1)],
      halfDays: MON_WED,
      weeks: [2, 6],
      headcount: [1, 1],
    },
  ],
  METAL: [
    {
      title: 'TIG-lasser RVS leidingwerk',
      description:
        'Lassen van RVS-leidingwerk voor een voedingsmiddelenfabriek; lascertificaat ISO 9606 vereist.',
      requirements: [req('METAL_WELD_TIG', 3), req('CERT_WELD_ISO_9606', 1)],
      halfDays: FULL_WEEK,
      weeks: [3, 8],
      headcount: [1, 2],
    },
    {
      title: 'MIG/MAG-lasser staalconstructie',
      description: 'Lassen van spanten en kolommen voor een distributiecentrum in onze hal.',
      requirements: [req('METAL_WELD_MAG', 3), req('METAL_STEEL_CONSTRUCTION', 2, false)],
      halfDays: FULL_WEEK,
      weeks: [2, 8],
      headcount: [1, 3],
    },
    {
      title: 'Plaatwerker kantbank',
      description: 'Zetten van plaatwerkdelen op een CNC-kantbank, kleine en middelgrote series.',
      requirements: [req('METAL_PRESS_BRAKE', 3), req('METAL_SHEET', 2, false)],
      halfDays: MON_THU,
      weeks: [2, 6],
      headcount: [1, 1],
    },
    {
      title: 'Constructiebankwerker montage op locatie',
      description:
        'Monteren van bordessen en trappen op de bouwplaats; hoogwerkercertificaat is een pre.',
      requirements: [
        req('METAL_STEEL_CONSTRUCTION', 3),
        req('CERT_VCA_BASIS', 1),
        req('CERT_AERIAL_PLATFORM', 1, false),
      ],
      halfDays: FULL_WEEK,
      weeks: [2, 6],
      headcount: [1, 2],
    },
  ],
  MACHINING: [
    {
      title: 'Monteur machinebouw (eindmontage)',
      description:
        'Eindmontage en afstellen van sorteermachines voor de aardappelverwerking, volgens tekening.',
      requirements: [req('MECH_MACHINE_ASSEMBLY', 3), req('MECH_MEASURING', 2, false)],
      halfDays: FULL_WEEK,
      weeks: [2, 8],
      headcount: [1, 2],
    },
    {
      title: 'CNC-draaier enkelstuks en kleine series',
      description: 'Programmeren aan de machine en draaien van as-delen voor de machinebouw.',
      requirements: [req('METAL_CNC_TURNING', 3)],
      halfDays: FULL_WEEK,
      weeks: [3, 8],
      headcount: [1, 2],
    },
    {
      title: 'CNC-frezer 5-assig (Heidenhain)',
      description:
        'Frezen van complexe onderdelen op een 5-assige machine; CAM-ervaring is een pre.',
      requirements: [req('METAL_CNC_MILLING', 4), req('METAL_CAM_PROGRAMMING', 2, false)],
      halfDays: FULL_WEEK,
      weeks: [4, 10],
      headcount: [1, 1],
    },
  ],
  AUTOMATION: [
    {
      title: 'PLC-programmeur Siemens TIA ombouw productielijn',
      description:
        'Migratie van een S7-300-besturing naar S7-1500 en testen van de lijn tijdens de zomerstop.',
      requirements: [req('AUTO_PLC_SIEMENS_TIA', 4), req('AUTO_SCADA', 2, false)],
      halfDays: MON_THU,
      weeks: [3, 10],
      headcount: [1, 1],
    },
    {
      title: 'Allen-Bradley specialist storingsanalyse',
      description:
        'Ondersteuning bij storingen aan een Amerikaanse verpakkingsmachine met ControlLogix-besturing.',
      requirements: [req('AUTO_PLC_ALLEN_BRADLEY', 4)],
      halfDays: FULL_WEEK,
      weeks: [1, 3],
      headcount: [1, 1],
    },
    {
      title: 'Robotprogrammeur lasrobotcel',
      description: 'Programmeren en inleren van een nieuwe lasrobotcel bij een klant.',
      requirements: [req('AUTO_ROBOTICS', 3), req('METAL_WELD_MAG', 2, false)],
      halfDays: FULL_WEEK,
      weeks: [2, 6],
      headcount: [1, 1],
    },
    {
      title: 'Monteur meet- en regeltechniek',
      description: 'Plaatsen en kalibreren van instrumentatie in een waterzuivering.',
      requirements: [req('AUTO_INSTRUMENTATION', 3), req('CERT_NEN_3140_VOP', 1, false)],
      halfDays: FULL_WEEK,
      weeks: [2, 6],
      headcount: [1, 2],
    },
  ],
  MAINTENANCE: [
    {
      title: 'Onderhoudsmonteur akkerbouwmachines',
      description:
        'Revisie en onderhoud van rooi- en oogstmachines voor loonwerkers, ook op zaterdagochtend.',
      requirements: [req('MECH_AGRI_MACHINERY', 3), req('MECH_HYDRAULICS', 2, false)],
      halfDays: FULL_WEEK_AND_SATURDAY,
      weeks: [2, 6],
      headcount: [1, 3],
    },
    {
      title: 'Monteur hydrauliek en pneumatiek',
      description: 'Reviseren van hydraulische aggregaten en cilinders in onze werkplaats.',
      requirements: [req('MECH_HYDRAULICS', 3), req('MECH_PNEUMATICS', 2, false)],
      halfDays: FULL_WEEK,
      weeks: [2, 6],
      headcount: [1, 2],
    },
    {
      title: 'Machinemonteur stilstandsonderhoud',
      description: 'Groot onderhoud tijdens een geplande stilstand van twee productielijnen.',
      requirements: [req('MECH_MAINTENANCE', 3), req('CERT_VCA_VOL', 1, false)],
      halfDays: FULL_WEEK,
      weeks: [1, 3],
      headcount: [2, 3],
    },
  ],
  SHIPBUILDING: [
    {
      title: 'Scheepsbouwer/lasser refit viskotter',
      description:
        'Vernieuwen van dekdelen en spanten tijdens de refit van een kotter op de helling.',
      requirements: [req('METAL_SHIPBUILDING', 3), req('METAL_WELD_MAG', 3)],
      halfDays: FULL_WEEK,
      weeks: [3, 8],
      headcount: [1, 3],
    },
    {
      title: 'Pijpfitter machinekamer',
      description:
        'Vervaardigen en monteren van leidingwerk in de machinekamer van een nieuwbouwschip.',
      requirements: [req('METAL_PIPEFITTING', 3), req('CERT_WELD_ISO_9606', 1, false)],
      halfDays: FULL_WEEK,
      weeks: [2, 6],
      headcount: [1, 1],
    },
  ],
  CONSTRUCTION: [
    {
      title: 'Timmerman prefab woningbouw',
      description:
        'Afmonteren van prefab woningen op de bouwplaats: kozijnen, trappen en afwerking.',
      requirements: [req('CONS_CARPENTRY', 3), req('CERT_VCA_BASIS', 1, false)],
      halfDays: FULL_WEEK,
      weeks: [3, 10],
      headcount: [1, 3],
    },
    {
      title: 'Isolatiemonteur verduurzaming huurwoningen',
      description: 'Na-isoleren van vloeren en daken in een project van de woningcorporatie.',
      requirements: [req('CONS_INSULATION', 2)],
      halfDays: FULL_WEEK,
      weeks: [2, 8],
      headcount: [1, 3],
    },
  ],
  ICT: [
    {
      title: 'Netwerkbeheerder migratie kantoornetwerk',
      description:
        'Vervangen van switches en access points bij een klant met drie vestigingen, buiten kantoortijd testen.',
      requirements: [req('ICT_NETWORKING', 3), req('ICT_WIFI', 2, false)],
      halfDays: MON_THU,
      weeks: [2, 6],
      headcount: [1, 1],
    },
    {
      title: 'Glasvezelmonteur (lassen en meten)',
      description: 'Lassen en doormeten van glasvezelverbindingen op een bedrijventerrein.',
      requirements: [req('ICT_FIBRE', 3)],
      halfDays: FULL_WEEK,
      weeks: [2, 6],
      headcount: [1, 2],
    },
    {
      title: 'Installateur datacabling nieuw kantoorpand',
      description:
        'Trekken, afmonteren en certificeren van Cat6A-bekabeling over vier verdiepingen.',
      requirements: [req('ICT_DATA_CABLING', 2), req('CERT_VCA_BASIS', 1, false)],
      halfDays: FULL_WEEK,
      weeks: [1, 4],
      headcount: [1, 3],
    },
    {
      title: 'Systeembeheerder Linux (tijdelijk)',
      description:
        'Overname van het beheer van onze Linux-servers tijdens een migratie naar de cloud.',
      requirements: [req('ICT_LINUX', 3), req('ICT_CLOUD', 2, false)],
      halfDays: MON_WED,
      weeks: [3, 8],
      headcount: [1, 1],
    },
  ],
};

/**
 * What a vocational college asks of the pool ("lerarenpool uit het bedrijfsleven"): a
 * professional who teaches a few fixed half-days a week for a term.
 */
export const SCHOOL_DEMAND_TEMPLATES: readonly DemandTemplate[] = [
  {
    title: 'Gastdocent elektrotechniek (niveau 3/4)',
    description:
      'Twee dagdelen per week praktijkles elektrotechniek aan eerste- en tweedejaars, dinsdag.',
    requirements: [req('ELEC_INSTALL', 3), req('TEACH_INSTRUCTION', 1, false)],
    halfDays: [2, 3],
    weeks: [16, 20],
    headcount: [1, 1],
  },
  {
    title: 'Praktijkdocent lassen TIG/MIG',
    description:
      'Donderdagochtend lasles in het praktijklokaal metaal; onderwijsbevoegdheid niet vereist.',
    requirements: [
      req('METAL_WELDING', 3),
      req('METAL_WELD_TIG', 2, false),
      req('TEACH_PRACTICAL', 1, false),
    ],
    halfDays: [6],
    weeks: [12, 20],
    headcount: [1, 1],
  },
  {
    title: 'Instructeur PLC-programmeren (Siemens TIA)',
    description:
      'Woensdag- en donderdagmiddag lessen PLC-programmeren voor de opleiding mechatronica.',
    requirements: [req('AUTO_PLC_SIEMENS_TIA', 3), req('TEACH_INSTRUCTION', 1, false)],
    halfDays: [5, 7],
    weeks: [8, 16],
    headcount: [1, 1],
  },
  {
    title: 'Docent installatietechniek: warmtepompen',
    description: 'Maandagmiddag les over warmtepompen en F-gassen; ervaring met lesgeven vereist.',
    requirements: [req('INST_HEAT_PUMP', 3), req('TEACH_INSTRUCTION', 2)],
    halfDays: [1],
    weeks: [10, 20],
    headcount: [1, 1],
  },
  {
    title: 'Praktijkbegeleider werkplaats verspaning',
    description: 'Vrijdag begeleiding van leerlingen in de CNC-werkplaats.',
    requirements: [req('METAL_CNC', 2), req('TEACH_MENTORING', 1, false)],
    halfDays: [8, 9],
    weeks: [10, 20],
    headcount: [1, 2],
  },
  {
    title: 'Examinator praktijkexamens elektro',
    description: 'Afnemen van praktijkexamens in de examenperiode, dinsdag en woensdag.',
    requirements: [req('TEACH_EXAMINATION', 1), req('ELEC_INSTALL', 4)],
    halfDays: [2, 3, 4, 5],
    weeks: [2, 4],
    headcount: [1, 2],
  },
  {
    title: 'Gastlessen netwerktechniek (ICT-opleiding)',
    description: 'Dinsdagmiddag gastlessen over bedrijfsnetwerken voor de opleiding ICT-beheer.',
    requirements: [req('ICT_NETWORKING', 3), req('TEACH_GUEST_LESSONS', 1, false)],
    halfDays: [3],
    weeks: [6, 12],
    headcount: [1, 1],
  },
];
