"""How fast `fixloop seed` fills PostgreSQL with customers and work orders.

Creates a scratch database on the server, migrates it, times the seed, counts the rows, prints the
figures and drops the database again. The budget is 1,000,000 work orders in under 5 minutes.

    make bench
    .venv/bin/python bench/seed.py --customers 10000 --work-orders 100000
    BENCH_DATABASE_URL=postgres://me@db.example.com:5432 .venv/bin/python bench/seed.py

BENCH_DATABASE_URL (or --server) names the server, default postgres://postgres@127.0.0.1:5432; its
user must be allowed to create databases.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
BUDGET_SECONDS = 300
BUDGET_WORK_ORDERS = 1_000_000
TABLES = ["customers_customeraccount", "customers_unit", "repairs_workorder", "repairs_timelineentry"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER))
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--work-orders", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database to look at")
    args = parser.parse_args()

    name = f"fixloop_bench_seed_{os.getpid()}"
    maintenance_url = urlsplit(args.server)._replace(path="/postgres").geturl()
    database_url = urlsplit(args.server)._replace(path=f"/{name}").geturl()
    with psycopg.connect(maintenance_url, autocommit=True) as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            env = os.environ | {"DATABASE_URL": database_url, "FIXLOOP_DATA_DIR": data_dir}
            fixloop = [sys.executable, "-m", "fixloop"]
            subprocess.run([*fixloop, "migrate", "--no-input", "-v0"], env=env, check=True)
            started = time.perf_counter()
            subprocess.run(
                [
                    *fixloop,
                    "seed",
                    "--customers",
                    str(args.customers),
                    "--work-orders",
                    str(args.work_orders),
                    "--seed",
                    str(args.seed),
                ],
                env=env,
                check=True,
            )
            elapsed = time.perf_counter() - started
        with psycopg.connect(database_url) as database:
            counts = {
                table: database.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                ).fetchone()[0]
                for table in TABLES
            }
    finally:
        if args.keep:
            print(f"Kept the database {name}.")
        else:
            with psycopg.connect(maintenance_url, autocommit=True) as server:
                server.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))

    rows = sum(counts.values())
    print()
    print(f"fixloop seed --customers {args.customers} --work-orders {args.work_orders} (PostgreSQL)")
    for table, count in counts.items():
        print(f"  {table:<28} {count:>12,}")
    print(f"  {'rows':<28} {rows:>12,}")
    print(
        f"  elapsed {elapsed:.1f} s · {rows / elapsed:,.0f} rows/s · {args.work_orders / elapsed:,.0f} work orders/s"
    )
    if args.work_orders < BUDGET_WORK_ORDERS:
        return 0  # start-up costs dominate small runs; the budget is for the full size
    within = elapsed <= BUDGET_SECONDS
    print(
        f"  {'within' if within else 'OVER'} the budget: {BUDGET_WORK_ORDERS:,} work orders in {BUDGET_SECONDS} s"
    )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
