// Staffing measurement (Stellenbemessung) arithmetic, pure: the analytical method of the federal
// Organisationshandbuch — Σ(cases × minutes per case) plus Verteilzeit ÷ net annual minutes per FTE.

export interface StaffingTaskInput {
  title: string;
  casesPerYear: number;
  /** Casework/decision minutes per case (basic time, without allowance). */
  caseworkMinutes: number;
  /** Counselling, service and information minutes per case (goal 9). */
  counsellingMinutes: number;
}

export interface StaffingSettings {
  /** Net annual working time of one full-time employee in hours (Normalarbeitszeit). */
  netHoursPerFte: number;
  /** Allowance for unavoidable interruptions (Verteilzeit) in percent, e.g. 10. */
  allowancePercent: number;
}

export interface ScenarioInput {
  /** +15 = every task has 15 % more cases. */
  casesChangePercent: number;
  /** Minutes added per case to counselling/service/information. */
  extraCounsellingMinutes: number;
  /** Minutes added per case to casework. */
  extraCaseworkMinutes: number;
}

export interface TaskResult extends StaffingTaskInput {
  /** cases × casework minutes (basic time). */
  caseworkTotal: number;
  /** cases × counselling minutes (basic time). */
  counsellingTotal: number;
  /** With allowance, in FTE. */
  fte: number;
}

export interface StaffingResult {
  tasks: TaskResult[];
  /** Σ cases × minutes per case, before allowance. */
  basicMinutes: number;
  caseworkMinutes: number;
  counsellingMinutes: number;
  allowanceFactor: number;
  /** basicMinutes × (1 + allowance). */
  totalMinutes: number;
  /** Net annual minutes of one FTE: hours × 60. */
  minutesPerFte: number;
  requiredFte: number;
  /** Counselling/service/information share of the required FTE (allowance included). */
  counsellingFte: number;
  caseworkFte: number;
  /** Share of counselling in the required FTE, 0…1 (0 when nothing is required). */
  counsellingShare: number;
  currentFte: number;
  /** currentFte − requiredFte: negative means a shortfall. */
  difference: number;
}

export function computeStaffing(tasks: readonly StaffingTaskInput[], settings: StaffingSettings, currentFte: number): StaffingResult {
  if (!(settings.netHoursPerFte > 0)) throw new RangeError("netHoursPerFte must be positive");
  const allowanceFactor = 1 + settings.allowancePercent / 100;
  const minutesPerFte = settings.netHoursPerFte * 60;
  let caseworkMinutes = 0;
  let counsellingMinutes = 0;
  const taskResults = tasks.map((task) => {
    const caseworkTotal = task.casesPerYear * task.caseworkMinutes;
    const counsellingTotal = task.casesPerYear * task.counsellingMinutes;
    caseworkMinutes += caseworkTotal;
    counsellingMinutes += counsellingTotal;
    return { ...task, caseworkTotal, counsellingTotal, fte: ((caseworkTotal + counsellingTotal) * allowanceFactor) / minutesPerFte };
  });
  const basicMinutes = caseworkMinutes + counsellingMinutes;
  const totalMinutes = basicMinutes * allowanceFactor;
  const requiredFte = totalMinutes / minutesPerFte;
  const counsellingFte = (counsellingMinutes * allowanceFactor) / minutesPerFte;
  return {
    tasks: taskResults,
    basicMinutes,
    caseworkMinutes,
    counsellingMinutes,
    allowanceFactor,
    totalMinutes,
    minutesPerFte,
    requiredFte,
    counsellingFte,
    caseworkFte: requiredFte - counsellingFte,
    counsellingShare: requiredFte > 0 ? counsellingFte / requiredFte : 0,
    currentFte,
    difference: currentFte - requiredFte,
  };
}

/** The plan's tasks as the scenario changes them (the plan itself stays as it is). */
export function applyScenario(tasks: readonly StaffingTaskInput[], scenario: ScenarioInput): StaffingTaskInput[] {
  const caseFactor = 1 + scenario.casesChangePercent / 100;
  return tasks.map((task) => ({
    ...task,
    casesPerYear: task.casesPerYear * caseFactor,
    caseworkMinutes: Math.max(0, task.caseworkMinutes + scenario.extraCaseworkMinutes),
    counsellingMinutes: Math.max(0, task.counsellingMinutes + scenario.extraCounsellingMinutes),
  }));
}

/** Rounds for display and export (FTE to two decimals, as staffing reports do). */
export function roundFte(fte: number): number {
  return Math.round(fte * 100) / 100;
}
