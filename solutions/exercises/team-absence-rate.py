# Absence rate: hours of shifts marked absent ÷ ALL rostered hours × 100.
hours_lost = data.rota.loc[data.rota["absent"], "hours"].sum()
hours_rostered = data.rota["hours"].sum()
answer = hours_lost / hours_rostered * 100
