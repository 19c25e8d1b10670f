"""Fails when a database suite was skipped or did not run at all."""
import glob
import sys
import xml.etree.ElementTree as ET

REQUIRED = {
    "H2MigrationLockIntegrationTests",
    "PostgresMigrationLockIntegrationTests",
    "MariaDbMigrationLockIntegrationTests",
    "PostgresLeaseMigrationLockIntegrationTests",
    "MariaDbLeaseMigrationLockIntegrationTests",
    "H2TargetMigratorIntegrationTests",
    "PostgresTargetMigratorIntegrationTests",
    "MariaDbTargetMigratorIntegrationTests",
    "H2ProcessIT",
    "PostgresMigrateOnlyProcessIT",
    "MariaDbMigrateOnlyProcessIT",
    "H2ChangelogStatusReaderIntegrationTests",
    "PostgresChangelogStatusReaderIntegrationTests",
    "MariaDbChangelogStatusReaderIntegrationTests",
    "H2ReadinessProcessIT",
    "PostgresReadinessProcessIT",
    "MariaDbReadinessProcessIT",
    "PostgresRollingDeployIT",
    "PostgresFlywayRollingDeployIT",
    "H2FlywayProcessIT",
    "PostgresFlywayProcessIT",
    "MariaDbFlywayProcessIT",
    "DeploymentRecipesProcessIT",
    "KubernetesManifestTests",
    "HelmChartTests",
    "EcsMigrationScriptTests",
    "DockerfileTests",
    "HerokuProcfileTests",
    "H2OperatorModesProcessIT",
    "PostgresOperatorModesProcessIT",
    "MariaDbOperatorModesProcessIT",
    "H2MetricsPushProcessIT",
    "H2OperatorInputProcessIT",
    "RunAndExitModesTests",
    "RunReportProcessIT",
    "PostgresGuardProcessIT",
    "MariaDbGuardProcessIT",
    "PostgresSafetyRuleIntegrationTests",
    "MariaDbSafetyRuleIntegrationTests",
    "OfflineSafetyCheckProcessIT",
    "H2StatusDataSourceIntegrationTests",
    "PostgresStatusDataSourceIntegrationTests",
    "PostgresSecondDatabaseProcessIT",
    "PostgresUnansweringDatabaseProcessIT",
    "MariaDbUnansweringDatabaseProcessIT",
    "PostgresRestartProcessIT",
    "PostgresPoolerMigrationLockIntegrationTests",
    "PostgresPgBouncerProcessIT",
    "PostgresLockTimeoutProcessIT",
    "MariaDbLockTimeoutProcessIT",
    "PostgresLockTimeoutIntegrationTests",
    "PostgresFlywayLockTimeoutProcessIT",
    "MariaDbFlywayLockTimeoutProcessIT",
    "PostgresFlywayLockTimeoutIntegrationTests",
    "MariaDbFlywayLockTimeoutIntegrationTests",
    "H2FlywayTargetIntegrationTests",
    "PostgresFlywayTargetIntegrationTests",
    "MariaDbFlywayTargetIntegrationTests",
    "FlywayEngineWiringTests",
    "FlywayMigrateOnlyReadsTests",
    "PostgresTwoEnginesProcessIT",
}

seen, problems, total = set(), [], {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in glob.glob("*/target/surefire-reports/TEST-*.xml") + glob.glob("*/target/failsafe-reports/TEST-*.xml"):
    suite = ET.parse(path).getroot()
    name = suite.get("name").rsplit(".", 1)[-1]
    counts = {key: int(suite.get(key, "0")) for key in total}
    for key in total:
        total[key] += counts[key]
    if counts["tests"] > 0:
        seen.add(name)
    if counts["skipped"]:
        problems.append(f"{name}: {counts['skipped']} test(s) skipped")

problems += [f"{name}: did not run" for name in sorted(REQUIRED - seen)]
print(f"ci: {len(seen)} suites, {total['tests']} tests, {total['failures']} failures, "
      f"{total['errors']} errors, {total['skipped']} skipped")
failed = total["failures"] + total["errors"]
print(f"{total['tests'] - failed - total['skipped']} passed, {failed} failed, {total['skipped']} skipped")
if problems:
    print("ci: FAILED:\n  " + "\n  ".join(problems))
    sys.exit(1)
