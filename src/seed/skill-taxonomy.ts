import { SkillCategory } from '../skills/skill.enums';
import { Sql } from './bulk-insert';
import { Random } from './random';

/** One entry of the seeded taxonomy; `parent` is another entry's code. */
export interface TaxonomyEntry {
  code: string;
  name: string;
  category: SkillCategory;
  parent?: string;
  requiresCertificate?: boolean;
}

const E = SkillCategory;
const skill = (code: string, name: string, category: SkillCategory, parent?: string) => ({
  code,
  name,
  category,
  parent,
});
const certificate = (code: string, name: string, category: SkillCategory, parent?: string) => ({
  ...skill(code, name, category, parent),
  requiresCertificate: true,
});

/**
 * The technical skill taxonomy every installation starts with: trades, their specialisations and
 * the certificates the branch asks for (VCA, NEN 3140, F-gassen, ISO 9606 welding...). Parents
 * come before their children. Coordinators may add entries; codes here are never renamed,
 * because demand and employee skills refer to them.
 */
export const SKILL_TAXONOMY: readonly TaxonomyEntry[] = [
  // Electrical installation (E-installatie)
  skill('ELEC_INSTALL', 'Electrical installation', E.ELECTRICAL),
  skill('ELEC_LOW_VOLTAGE', 'Low-voltage installations', E.ELECTRICAL, 'ELEC_INSTALL'),
  skill('ELEC_MEDIUM_VOLTAGE', 'Medium-voltage installations', E.ELECTRICAL, 'ELEC_INSTALL'),
  skill('ELEC_SOLAR_PV', 'Solar PV systems', E.ELECTRICAL, 'ELEC_INSTALL'),
  skill('ELEC_EV_CHARGING', 'EV charging points', E.ELECTRICAL, 'ELEC_INSTALL'),
  skill('ELEC_SWITCHGEAR', 'Switchgear and panel building', E.ELECTRICAL, 'ELEC_INSTALL'),
  skill('ELEC_INDUSTRIAL', 'Industrial electrical installation', E.ELECTRICAL, 'ELEC_INSTALL'),
  skill(
    'ELEC_BUILDING_AUTOMATION',
    'Building automation and domotics',
    E.ELECTRICAL,
    'ELEC_INSTALL',
  ),
  skill('ELEC_FIRE_ALARM', 'Fire alarm systems', E.ELECTRICAL, 'ELEC_INSTALL'),
  skill('ELEC_LIGHTING', 'Lighting and emergency lighting', E.ELECTRICAL, 'ELEC_INSTALL'),
  // Mechanical installation (W-installatie) and plumbing
  skill('INST_HVAC', 'HVAC (heating, ventilation, air conditioning)', E.INSTALLATION),
  skill('INST_HEAT_PUMP', 'Heat pumps', E.INSTALLATION, 'INST_HVAC'),
  skill('INST_CENTRAL_HEATING', 'Central heating and boilers', E.INSTALLATION, 'INST_HVAC'),
  skill('INST_VENTILATION', 'Ventilation systems', E.INSTALLATION, 'INST_HVAC'),
  skill('INST_AIRCO', 'Air conditioning and refrigeration', E.INSTALLATION, 'INST_HVAC'),
  skill('INST_UNDERFLOOR', 'Underfloor heating', E.INSTALLATION, 'INST_HVAC'),
  skill('INST_PLUMBING', 'Plumbing and sanitary installations', E.INSTALLATION),
  skill('INST_GAS', 'Gas installations', E.INSTALLATION, 'INST_PLUMBING'),
  skill('INST_DRAINAGE', 'Drainage and sewerage', E.INSTALLATION, 'INST_PLUMBING'),
  skill('INST_SPRINKLER', 'Sprinkler systems', E.INSTALLATION, 'INST_PLUMBING'),
  // Metalworking
  skill('METAL_WELDING', 'Welding', E.METALWORK),
  skill('METAL_WELD_TIG', 'TIG welding (141)', E.METALWORK, 'METAL_WELDING'),
  skill('METAL_WELD_MIG', 'MIG welding (131)', E.METALWORK, 'METAL_WELDING'),
  skill('METAL_WELD_MAG', 'MAG welding (135)', E.METALWORK, 'METAL_WELDING'),
  skill('METAL_WELD_STICK', 'Stick welding (MMA, 111)', E.METALWORK, 'METAL_WELDING'),
  skill('METAL_SHEET', 'Sheet metal working', E.METALWORK),
  skill('METAL_PRESS_BRAKE', 'Press brake bending', E.METALWORK, 'METAL_SHEET'),
  skill('METAL_LASER_CUTTING', 'Laser cutting', E.METALWORK, 'METAL_SHEET'),
  skill('METAL_CNC', 'CNC machining', E.METALWORK),
  skill('METAL_CNC_TURNING', 'CNC turning', E.METALWORK, 'METAL_CNC'),
  skill('METAL_CNC_MILLING', 'CNC milling', E.METALWORK, 'METAL_CNC'),
  skill('METAL_CAM_PROGRAMMING', 'CAM programming', E.METALWORK, 'METAL_CNC'),
  skill('METAL_STEEL_CONSTRUCTION', 'Steel construction assembly', E.METALWORK),
  skill('METAL_PIPEFITTING', 'Pipe fitting', E.METALWORK),
  skill('METAL_SHIPBUILDING', 'Shipbuilding and ship repair', E.METALWORK),
  // Mechanical engineering and maintenance
  skill('MECH_MAINTENANCE', 'Maintenance mechanic', E.MECHANICAL),
  skill('MECH_HYDRAULICS', 'Hydraulics', E.MECHANICAL, 'MECH_MAINTENANCE'),
  skill('MECH_PNEUMATICS', 'Pneumatics', E.MECHANICAL, 'MECH_MAINTENANCE'),
  skill('MECH_AGRI_MACHINERY', 'Agricultural machinery', E.MECHANICAL, 'MECH_MAINTENANCE'),
  skill('MECH_MACHINE_ASSEMBLY', 'Machine assembly', E.MECHANICAL),
  skill(
    'MECH_MEASURING',
    'Measuring and quality inspection',
    E.MECHANICAL,
    'MECH_MACHINE_ASSEMBLY',
  ),
  // Industrial automation
  skill('AUTO_INDUSTRIAL', 'Industrial automation', E.AUTOMATION),
  skill('AUTO_PLC', 'PLC programming', E.AUTOMATION, 'AUTO_INDUSTRIAL'),
  skill('AUTO_PLC_SIEMENS_TIA', 'PLC programming: Siemens TIA Portal', E.AUTOMATION, 'AUTO_PLC'),
  skill(
    'AUTO_PLC_ALLEN_BRADLEY',
    'PLC programming: Allen-Bradley Studio 5000',
    E.AUTOMATION,
    'AUTO_PLC',
  ),
  skill('AUTO_PLC_BECKHOFF', 'PLC programming: Beckhoff TwinCAT', E.AUTOMATION, 'AUTO_PLC'),
  skill('AUTO_SCADA', 'SCADA and HMI', E.AUTOMATION, 'AUTO_INDUSTRIAL'),
  skill('AUTO_ROBOTICS', 'Industrial robotics', E.AUTOMATION, 'AUTO_INDUSTRIAL'),
  skill('AUTO_DRIVES', 'Drives and motion control', E.AUTOMATION, 'AUTO_INDUSTRIAL'),
  skill(
    'AUTO_INSTRUMENTATION',
    'Instrumentation and process control',
    E.AUTOMATION,
    'AUTO_INDUSTRIAL',
  ),
  // Construction
  skill('CONS_BUILDING', 'Building construction', E.CONSTRUCTION),
  skill('CONS_CARPENTRY', 'Carpentry', E.CONSTRUCTION, 'CONS_BUILDING'),
  skill('CONS_MASONRY', 'Masonry', E.CONSTRUCTION, 'CONS_BUILDING'),
  skill('CONS_CONCRETE', 'Concrete work', E.CONSTRUCTION, 'CONS_BUILDING'),
  skill('CONS_ROOFING', 'Roofing', E.CONSTRUCTION, 'CONS_BUILDING'),
  skill('CONS_INSULATION', 'Insulation', E.CONSTRUCTION, 'CONS_BUILDING'),
  skill('CONS_PREFAB', 'Prefab and modular building', E.CONSTRUCTION, 'CONS_BUILDING'),
  skill('CONS_SCAFFOLDING', 'Scaffolding', E.CONSTRUCTION, 'CONS_BUILDING'),
  // ICT
  skill('ICT_NETWORKING', 'ICT networking', E.ICT),
  skill('ICT_DATA_CABLING', 'Structured data cabling', E.ICT, 'ICT_NETWORKING'),
  skill('ICT_FIBRE', 'Fibre optics splicing and measuring', E.ICT, 'ICT_NETWORKING'),
  skill('ICT_WIFI', 'Wireless networks', E.ICT, 'ICT_NETWORKING'),
  skill('ICT_SYSADMIN', 'System administration', E.ICT),
  skill('ICT_LINUX', 'Linux administration', E.ICT, 'ICT_SYSADMIN'),
  skill('ICT_WINDOWS_SERVER', 'Windows Server administration', E.ICT, 'ICT_SYSADMIN'),
  skill('ICT_CLOUD', 'Cloud and Microsoft 365', E.ICT, 'ICT_SYSADMIN'),
  skill('ICT_OT_SECURITY', 'OT and industrial cybersecurity', E.ICT),
  skill('ICT_SOFTWARE', 'Software development', E.ICT),
  // Safety certificates
  certificate('CERT_VCA_BASIS', 'VCA Basis (B-VCA)', E.SAFETY),
  certificate('CERT_VCA_VOL', 'VCA VOL (supervisors)', E.SAFETY, 'CERT_VCA_BASIS'),
  certificate('CERT_BHV', 'BHV (in-house emergency response)', E.SAFETY),
  certificate('CERT_WORK_AT_HEIGHT', 'Working at height and fall protection', E.SAFETY),
  certificate('CERT_AERIAL_PLATFORM', 'Aerial work platform (IPAF)', E.SAFETY),
  certificate('CERT_FORKLIFT', 'Forklift truck', E.SAFETY),
  // Trade certificates
  certificate(
    'CERT_NEN_3140_VOP',
    'NEN 3140 instructed person (VOP)',
    E.ELECTRICAL,
    'ELEC_INSTALL',
  ),
  certificate(
    'CERT_NEN_3140_VP',
    'NEN 3140 skilled person (VP)',
    E.ELECTRICAL,
    'CERT_NEN_3140_VOP',
  ),
  certificate('CERT_NEN_1010', 'NEN 1010 installation regulations', E.ELECTRICAL, 'ELEC_INSTALL'),
  certificate(
    'CERT_SCIOS_SCOPE_8',
    'SCIOS scope 8 inspector (electrical)',
    E.ELECTRICAL,
    'ELEC_INSTALL',
  ),
  certificate('CERT_F_GASSEN', 'F-gassen certificate (refrigerants)', E.INSTALLATION, 'INST_HVAC'),
  certificate(
    'CERT_WELD_ISO_9606',
    'Welder qualification NEN-EN-ISO 9606',
    E.METALWORK,
    'METAL_WELDING',
  ),
  // Teaching and instruction (lerarenpool uit het bedrijfsleven)
  skill('TEACH_INSTRUCTION', 'Teaching and instruction', E.TEACHING),
  skill('TEACH_PRACTICAL', 'Practical workshop instruction', E.TEACHING, 'TEACH_INSTRUCTION'),
  skill('TEACH_GUEST_LESSONS', 'Guest lessons', E.TEACHING, 'TEACH_INSTRUCTION'),
  skill('TEACH_MENTORING', 'Apprentice mentoring (leermeester)', E.TEACHING, 'TEACH_INSTRUCTION'),
  skill('TEACH_EXAMINATION', 'Practical examination (assessor)', E.TEACHING, 'TEACH_INSTRUCTION'),
  certificate(
    'TEACH_PDG',
    'Pedagogical-didactic certificate (PDG)',
    E.TEACHING,
    'TEACH_INSTRUCTION',
  ),
];

/** A seeded skill as the generators use it. */
export interface SkillRef {
  id: string;
  code: string;
  requiresCertificate: boolean;
}

/**
 * Makes sure every entry of {@link SKILL_TAXONOMY} exists (by code) and returns all of them by
 * code. Entries that exist are left as they are; new ones get stable ids (the same on every
 * installation) and their parents. Safe to call repeatedly and inside a transaction.
 */
export async function ensureSkillTaxonomy(sql: Sql): Promise<Map<string, SkillRef>> {
  const ids = new Random('skill-taxonomy');
  const entries = SKILL_TAXONOMY.map((entry) => ({ ...entry, id: ids.uuid() }));
  const inserted = await sql.query<{ code: string }[]>(
    `INSERT INTO skill (id, code, name, category, requires_certificate)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::skill_category[], $5::boolean[])
     ON CONFLICT DO NOTHING
     RETURNING code`,
    [
      entries.map((e) => e.id),
      entries.map((e) => e.code),
      entries.map((e) => e.name),
      entries.map((e) => e.category),
      entries.map((e) => e.requiresCertificate ?? false),
    ],
  );
  const fresh = new Set(inserted.map((row) => row.code));
  const children = entries.filter((e) => e.parent && fresh.has(e.code));
  if (children.length > 0) {
    await sql.query(
      `UPDATE skill AS child SET parent_id = parent.id
       FROM unnest($1::text[], $2::text[]) AS link(code, parent_code)
       JOIN skill AS parent ON parent.code = link.parent_code
       WHERE child.code = link.code`,
      [children.map((e) => e.code), children.map((e) => e.parent)],
    );
  }
  const rows = await sql.query<{ id: string; code: string; requiresCertificate: boolean }[]>(
    `SELECT id, code, requires_certificate AS "requiresCertificate" FROM skill WHERE code = ANY($1::text[])`,
    [entries.map((e) => e.code)],
  );
  return new Map(rows.map((row) => [row.code, row]));
}
