# Sourced by .ci/run: install (if missing) and start PostgreSQL, create a test database,
# and export ANNOTATOR_TEST_PG. PostgreSQL refuses to run as root, so the cluster runs as
# the `postgres` user through Debian's pg_ctlcluster.
pg_version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)
if [ -z "$pg_version" ]; then
  echo "postgres.sh: PostgreSQL is not installed" >&2
  return 1
fi
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$pg_version main$"; then
  pg_createcluster "$pg_version" main >/dev/null
fi
pg_ctlcluster "$pg_version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname='annotator'\" | grep -q 1 || psql -q -c \"CREATE ROLE annotator LOGIN SUPERUSER PASSWORD 'annotator'\""
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='annotator_test'\" | grep -q 1 || createdb -O annotator annotator_test"
export ANNOTATOR_TEST_PG="postgresql://annotator:annotator@127.0.0.1:5432/annotator_test"
echo "PostgreSQL $pg_version ready: ANNOTATOR_TEST_PG=$ANNOTATOR_TEST_PG"
