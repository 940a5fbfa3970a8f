NAME = "overhead"


async def run():
    return []
